import { isFloat, tensor } from '../core/index.js';
import type { Value } from '../ir/index.js';
import type { Builder } from './builder.js';
import type { Primitive } from './primitive.js';

/**
 * onnxruntime's CPU broadcast of a single value against a tensor whose last axes are 1 (a 1×1
 * filter [M, C, 1, 1] times Adam's step scalar, a pooled [N, C, 1, 1] map compared with 0) runs one
 * element per inner loop: 5–10 ns per element instead of 0.2–0.5 (measured on onnxruntime-node
 * 1.x, 2 threads). Given the single value at the tensor's rank ([1, 1, 1, 1] instead of a scalar)
 * it takes its fast path. This gives the single value that rank; the result is the same by
 * broadcasting. Only float operands against a tensor of rank ≥ 2 ending in a static 1 are touched,
 * so integer shape arithmetic and everything else are built as written.
 */
export function matchScalarRank(op: string): NonNullable<Primitive['canonicalize']> {
  return (b, inputs, attrs, opts) => {
    if (inputs.length !== 2) return undefined;
    const [x, y] = inputs;
    if (!x || !y || !isFloat(x.dtype)) return undefined;
    const wx = widen(b, x, y);
    const wy = widen(b, y, x);
    return wx === x && wy === y ? undefined : b.op(op, [wx, wy], attrs, opts);
  };
}

/** `v` at `other`'s rank when `v` is a single value of lower rank and `other` ends in a static 1; `v` itself otherwise. */
function widen(b: Builder, v: Value, other: Value): Value {
  if (v.rank >= other.rank || other.rank < 2 || other.shape[other.rank - 1] !== 1) return v;
  if (!v.shape.every((d) => d === 1)) return v;
  const ones = new Array<number>(other.rank).fill(1);
  if (v.known && v.producer?.op === 'Constant') return b.constant(tensor(v.dtype, ones, v.known.data));
  return b.reshape(v, ones);
}
