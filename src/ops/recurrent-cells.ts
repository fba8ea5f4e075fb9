import type { Value } from '../ir/index.js';
import type { Builder } from './builder.js';
import { biasGrad, lastAxis, previousStates, timeMatMul, weightGrad } from './recurrent-layout.js';
import { timeScan } from './recurrent-scan.js';

/** One direction of a recurrent node, time-major: what its backward pass reads. */
export interface DirectionInputs {
  /** X [T, B, I]. */
  readonly x: Value;
  /** This direction's W [G·H, I], R [G·H, H] and the two halves of B [G·H] (null when B is absent). */
  readonly w: Value;
  readonly r: Value;
  readonly wb: Value | null;
  readonly rb: Value | null;
  /** Initial states [B, H] (zeros when absent). */
  readonly h0: Value;
  readonly c0: Value;
  /** The node's Y for this direction [T, B, H]. */
  readonly ys: Value;
  /** Incoming gradients: of Y [T, B, H] (null when Y does not reach the loss), of Y_h and Y_c [B, H] (zeros when they do not). */
  readonly dys: Value | null;
  readonly dh: Value;
  readonly dc: Value;
  readonly reverse: boolean;
  readonly hidden: number;
  readonly name: string;
}

/** Gradients of one direction (bias halves separately; dc0 for LSTM only). */
export interface DirectionGrads {
  readonly dx: Value;
  readonly dw: Value;
  readonly dr: Value;
  readonly dwb: Value;
  readonly drb: Value;
  readonly dh0: Value;
  readonly dc0?: Value;
}

const oneMinus = (b: Builder, v: Value): Value => b.sub(b.scalar(1, v.dtype), v);
/** σ'(z) from s = σ(z). */
const sigmoidSlope = (b: Builder, s: Value): Value => b.mul(s, oneMinus(b, s));
/** tanh'(z) from t = tanh(z). */
const tanhSlope = (b: Builder, t: Value): Value => oneMinus(b, b.mul(t, t));
const plus = (b: Builder, v: Value, c: Value | null): Value => (c ? b.add(v, c) : v);
const concat = (b: Builder, vs: readonly Value[]): Value => b.op1('Concat', vs, { axis: -1 });
/** The step's total hidden gradient: carried plus the step's slice of dY. */
const withDy = (b: Builder, dh: Value, dy: Value | undefined): Value => (dy ? b.add(dh, dy) : dh);

/**
 * LSTM backward (ONNX gates i, o, f, c). The cell states are recomputed by a forward Scan (the
 * op returns only the last one); the backward Scan carries (dh, dc) and emits the gate
 * pre-activation gradients dZ [B, 4H] of each step.
 */
export function lstmBackward(b: Builder, d: DirectionInputs): DirectionGrads {
  const H = d.hidden;
  const hp = previousStates(b, d.ys, d.h0, d.reverse);
  const z = plus(b, plus(b, b.add(timeMatMul(b, d.x, d.w), timeMatMul(b, hp, d.r)), d.wb), d.rb);
  const [i, o, f] = [0, 1, 2].map((k) => b.op1('Sigmoid', [lastAxis(b, z, k * H, (k + 1) * H)]));
  const g = b.op1('Tanh', [lastAxis(b, z, 3 * H, 4 * H)]);
  const cs = timeScan(b, {
    name: `${d.name}_cells`,
    states: [d.c0],
    sequences: [f!, b.mul(i!, g)],
    reverse: d.reverse,
    step: (bb, [c], [ft, ut]) => {
      const next = bb.add(bb.mul(ft!, c!), ut!);
      return { states: [next], outputs: [next] };
    },
  }).outputs[0]!;
  const cp = previousStates(b, cs, d.c0, d.reverse);
  const tc = b.op1('Tanh', [cs]);
  const dcFromDh = b.mul(o!, tanhSlope(b, tc));
  const slopes = concat(b, [b.mul(g, sigmoidSlope(b, i!)), b.mul(tc, sigmoidSlope(b, o!)), b.mul(cp, sigmoidSlope(b, f!)), b.mul(i!, tanhSlope(b, g))]);
  const back = timeScan(b, {
    name: `${d.name}_back`,
    states: [d.dh, d.dc],
    sequences: [dcFromDh, slopes, f!, ...(d.dys ? [d.dys] : [])],
    reverse: !d.reverse,
    step: (bb, [dh, dc], [a, k, ft, dy]) => {
      const dht = withDy(bb, dh!, dy);
      const dct = bb.add(dc!, bb.mul(dht, a!));
      const dz = bb.mul(concat(bb, [dct, dht, dct, dct]), k!);
      return { states: [bb.op1('MatMul', [dz, d.r]), bb.mul(dct, ft!)], outputs: [dz] };
    },
  });
  const dz = back.outputs[0]!;
  const db = biasGrad(b, dz);
  return { dx: b.op1('MatMul', [dz, d.w]), dw: weightGrad(b, dz, d.x), dr: weightGrad(b, dz, hp), dwb: db, drb: db, dh0: back.states[0]!, dc0: back.states[1]! };
}

/**
 * GRU backward (ONNX gates z, r, h), both `linear_before_reset` forms. Every gate is recomputed
 * at once from Y; the backward Scan carries dh and emits what the weight gradients need.
 */
export function gruBackward(b: Builder, d: DirectionInputs, linearBeforeReset: boolean): DirectionGrads {
  const H = d.hidden;
  const hp = previousStates(b, d.ys, d.h0, d.reverse);
  const xw = plus(b, timeMatMul(b, d.x, d.w), d.wb);
  const part = (v: Value, k: number): Value => lastAxis(b, v, k * H, (k + 1) * H);
  const rows = (v: Value, from: number, to: number): Value => b.op1('Slice', [v, b.ints([from * H]), b.ints([to * H]), b.ints([0])]);
  const rbPart = (from: number, to: number): Value | null => (d.rb ? lastAxis(b, d.rb, from * H, to * H) : null);
  if (linearBeforeReset) {
    const hr = plus(b, timeMatMul(b, hp, d.r), d.rb);
    const zg = b.op1('Sigmoid', [b.add(part(xw, 0), part(hr, 0))]);
    const rg = b.op1('Sigmoid', [b.add(part(xw, 1), part(hr, 1))]);
    const hh = part(hr, 2);
    const hc = b.op1('Tanh', [b.add(part(xw, 2), b.mul(rg, hh))]);
    const kH = b.mul(oneMinus(b, zg), tanhSlope(b, hc));
    const kZ = b.mul(b.sub(hp, hc), sigmoidSlope(b, zg));
    const kh = concat(b, [kZ, b.mul(b.mul(kH, hh), sigmoidSlope(b, rg)), b.mul(kH, rg)]);
    const back = timeScan(b, {
      name: `${d.name}_back`,
      states: [d.dh],
      sequences: [zg, kh, ...(d.dys ? [d.dys] : [])],
      reverse: !d.reverse,
      step: (bb, [dh], [zt, kt, dy]) => {
        const dht = withDy(bb, dh!, dy);
        const gh = bb.mul(concat(bb, [dht, dht, dht]), kt!);
        return { states: [bb.add(bb.mul(dht, zt!), bb.op1('MatMul', [gh, d.r]))], outputs: [dht] };
      },
    });
    const dH = back.outputs[0]!;
    const gh = b.mul(concat(b, [dH, dH, dH]), kh);
    const gx = concat(b, [lastAxis(b, gh, 0, 2 * H), b.mul(dH, kH)]);
    return { dx: b.op1('MatMul', [gx, d.w]), dw: weightGrad(b, gx, d.x), dr: weightGrad(b, gh, hp), dwb: biasGrad(b, gx), drb: biasGrad(b, gh), dh0: back.states[0]! };
  }
  const [rZr, rH] = [rows(d.r, 0, 2), rows(d.r, 2, 3)];
  const hzr = plus(b, timeMatMul(b, hp, rZr), rbPart(0, 2));
  const zg = b.op1('Sigmoid', [b.add(part(xw, 0), part(hzr, 0))]);
  const rg = b.op1('Sigmoid', [b.add(part(xw, 1), part(hzr, 1))]);
  const rh = b.mul(rg, hp);
  const hc = b.op1('Tanh', [plus(b, b.add(part(xw, 2), timeMatMul(b, rh, rH)), rbPart(2, 3))]);
  const kH = b.mul(oneMinus(b, zg), tanhSlope(b, hc));
  const kZ = b.mul(b.sub(hp, hc), sigmoidSlope(b, zg));
  const q = b.mul(hp, sigmoidSlope(b, rg));
  const back = timeScan(b, {
    name: `${d.name}_back`,
    states: [d.dh],
    sequences: [zg, kZ, kH, rg, q, ...(d.dys ? [d.dys] : [])],
    reverse: !d.reverse,
    step: (bb, [dh], [zt, kz, kh, rt, qt, dy]) => {
      const dht = withDy(bb, dh!, dy);
      const drh = bb.op1('MatMul', [bb.mul(dht, kh!), rH]);
      const dzr = concat(bb, [bb.mul(dht, kz!), bb.mul(drh, qt!)]);
      const next = bb.add(bb.add(bb.mul(dht, zt!), bb.mul(drh, rt!)), bb.op1('MatMul', [dzr, rZr]));
      return { states: [next], outputs: [dht, drh] };
    },
  });
  const [dH, dRh] = back.outputs as [Value, Value];
  const gzr = concat(b, [b.mul(dH, kZ), b.mul(dRh, q)]);
  const gHc = b.mul(dH, kH);
  const gx = concat(b, [gzr, gHc]);
  const db = biasGrad(b, gx);
  const dr = b.op1('Concat', [weightGrad(b, gzr, hp), weightGrad(b, gHc, rh)], { axis: 0 });
  return { dx: b.op1('MatMul', [gx, d.w]), dw: weightGrad(b, gx, d.x), dr, dwb: db, drb: db, dh0: back.states[0]! };
}

/** RNN backward (tanh): the derivative at each step is 1 − Y², known from the output. */
export function rnnBackward(b: Builder, d: DirectionInputs): DirectionGrads {
  const hp = previousStates(b, d.ys, d.h0, d.reverse);
  const slope = tanhSlope(b, d.ys);
  const back = timeScan(b, {
    name: `${d.name}_back`,
    states: [d.dh],
    sequences: [slope, ...(d.dys ? [d.dys] : [])],
    reverse: !d.reverse,
    step: (bb, [dh], [k, dy]) => {
      const da = bb.mul(withDy(bb, dh!, dy), k!);
      return { states: [bb.op1('MatMul', [da, d.r])], outputs: [da] };
    },
  });
  const da = back.outputs[0]!;
  const db = biasGrad(b, da);
  return { dx: b.op1('MatMul', [da, d.w]), dw: weightGrad(b, da, d.x), dr: weightGrad(b, da, hp), dwb: db, drb: db, dh0: back.states[0]! };
}
