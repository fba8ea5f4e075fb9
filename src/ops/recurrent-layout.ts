import { tensor } from '../core/index.js';
import type { Value } from '../ir/index.js';
import type { Builder } from './builder.js';

/** The ONNX recurrent ops Keel differentiates. */
export type RecurrentOp = 'LSTM' | 'GRU' | 'RNN';

/** Gates per op, in ONNX order: LSTM i,o,f,c; GRU z,r,h; RNN one. */
export const GATES: Readonly<Record<RecurrentOp, number>> = { LSTM: 4, GRU: 3, RNN: 1 };

/** Input slots of the ONNX recurrent ops. */
export const INPUT = { x: 0, w: 1, r: 2, b: 3, sequenceLens: 4, h0: 5, c0: 6, peepholes: 7 } as const;

/** `x[index]` along `axis` (the axis disappears). */
export function pick(b: Builder, x: Value, index: number, axis: number): Value {
  return b.op1('Gather', [x, b.constant(tensor('int64', [], [index]))], { axis });
}

/** Slices `[start, end)` of the last axis (static bounds). */
export function lastAxis(b: Builder, x: Value, start: number, end: number): Value {
  return b.op1('Slice', [x, b.ints([start]), b.ints([end]), b.ints([x.rank - 1])]);
}

/**
 * The state each step starts from, aligned with the steps of `ys` ([T, B, H] in the order the
 * direction produced them, indexed by time): `h0` then ys[0..T-2] going forward, ys[1..T-1]
 * then `h0` going in reverse.
 */
export function previousStates(b: Builder, ys: Value, h0: Value, reverse: boolean): Value {
  const first = b.unsqueeze(h0, [0]);
  if (reverse) return b.op1('Concat', [b.op1('Slice', [ys, b.ints([1]), b.ints([Number.MAX_SAFE_INTEGER]), b.ints([0])]), first], { axis: 0 });
  return b.op1('Concat', [first, b.op1('Slice', [ys, b.ints([0]), b.ints([-1]), b.ints([0])])], { axis: 0 });
}

/** `xs` [T, B, K] · `w`ᵀ with w [G, K]: the per-step affine maps of all steps at once. */
export function timeMatMul(b: Builder, xs: Value, w: Value): Value {
  return b.op1('MatMul', [xs, b.transpose(w, [1, 0])]);
}

/** Σ_t g_tᵀ · x_t for g [T, B, G] and x [T, B, K]: a weight gradient as one [G, K] product. */
export function weightGrad(b: Builder, g: Value, x: Value): Value {
  const flat = (v: Value): Value => b.op1('Flatten', [v], { axis: 2 });
  return b.op1('Gemm', [flat(g), flat(x)], { transA: 1 });
}

/** Σ over time and batch: a bias gradient [G]. */
export function biasGrad(b: Builder, g: Value): Value {
  return b.reduceSum(g, [0, 1], false);
}
