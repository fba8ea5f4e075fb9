import type { Node, Value } from '../ir/index.js';
import type { Builder } from './builder.js';
import { gruBackward, lstmBackward, rnnBackward, type DirectionGrads, type DirectionInputs } from './recurrent-cells.js';
import { GATES, INPUT, lastAxis, pick, type RecurrentOp } from './recurrent-layout.js';

/** Stacks per-direction values [..] into [D, ..]. */
function stack(b: Builder, vs: readonly Value[]): Value {
  const parts = vs.map((v) => b.unsqueeze(v, [0]));
  return parts.length === 1 ? parts[0]! : b.op1('Concat', parts, { axis: 0 });
}

/**
 * Gradient rule of LSTM, GRU and RNN (time-major: layout 1 never reaches the IR, see
 * `canonicalize`), one direction at a time: the gates are recomputed for all steps at once from the
 * node's own outputs Y (the state before each step is the previous step's output), the
 * recurrence is walked backwards in one ONNX `Scan`, and the weight and input gradients are
 * then single batched products over all steps. Exact, for any (symbolic) batch and length.
 */
export function recurrentGrad(op: RecurrentOp, b: Builder, n: Node, dys: readonly (Value | null)[]): (Value | null)[] {
  const direction = n.attrs['direction'] ?? 'forward';
  const dirs = direction === 'bidirectional' ? 2 : 1;
  const x = n.input(INPUT.x);
  const ys = n.output(0);
  const dY = dys[0] ?? null;
  const [dYh, dYc] = [dys[1] ?? null, dys[2] ?? null];
  const bias = n.inputs[INPUT.b] ?? null;
  const h0 = n.inputs[INPUT.h0] ?? null;
  const c0 = op === 'LSTM' ? (n.inputs[INPUT.c0] ?? null) : null;
  const r = n.input(INPUT.r);
  const hidden = r.shape[2] as number;
  const gh = GATES[op] * hidden;
  const grads: DirectionGrads[] = [];
  for (let d = 0; d < dirs; d++) {
    const ysd = pick(b, ys, d, 1);
    const zeros = b.zerosLike(pick(b, ysd, 0, 0));
    const bd = bias ? pick(b, bias, d, 0) : null;
    const inputs: DirectionInputs = {
      x,
      w: pick(b, n.input(INPUT.w), d, 0),
      r: pick(b, r, d, 0),
      wb: bd ? lastAxis(b, bd, 0, gh) : null,
      rb: bd ? lastAxis(b, bd, gh, 2 * gh) : null,
      h0: h0 ? pick(b, h0, d, 0) : zeros,
      c0: c0 ? pick(b, c0, d, 0) : zeros,
      ys: ysd,
      dys: dY ? pick(b, dY, d, 1) : null,
      dh: dYh ? pick(b, dYh, d, 0) : zeros,
      dc: dYc ? pick(b, dYc, d, 0) : zeros,
      reverse: direction === 'reverse' || d === 1,
      hidden,
      name: `${n.name}_grad_d${d}`,
    };
    grads.push(op === 'LSTM' ? lstmBackward(b, inputs) : op === 'GRU' ? gruBackward(b, inputs, Number(n.attrs['linear_before_reset'] ?? 0) === 1) : rnnBackward(b, inputs));
  }
  const dx = grads.map((g) => g.dx).reduce((p, q) => b.add(p, q));
  const out: (Value | null)[] = n.inputs.map(() => null);
  out[INPUT.x] = dx;
  out[INPUT.w] = stack(b, grads.map((g) => g.dw));
  out[INPUT.r] = stack(b, grads.map((g) => g.dr));
  if (bias) out[INPUT.b] = stack(b, grads.map((g) => b.op1('Concat', [g.dwb, g.drb], { axis: 0 })));
  if (h0) out[INPUT.h0] = stack(b, grads.map((g) => g.dh0));
  if (c0) out[INPUT.c0] = stack(b, grads.map((g) => g.dc0!));
  return out;
}
