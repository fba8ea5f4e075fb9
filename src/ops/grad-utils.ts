import type { Value } from '../ir/index.js';
import type { Builder } from './builder.js';
import { broadcastAxes } from './shape-utils.js';

/**
 * Sums a gradient `dy` (shaped like a broadcast result) back to the shape of `operand`:
 * the shared rule that makes broadcasting gradients correct, symbolic batch included.
 */
export function sumToShape(b: Builder, dy: Value, operand: Value): Value {
  const { lead, keep } = broadcastAxes(operand.shape, dy.shape);
  let g = dy;
  if (keep.length > 0) g = b.reduceSum(g, keep, true);
  if (lead.length > 0) g = b.reduceSum(g, lead, false);
  return g;
}

/** Moves axes of `dy` that were reduced with keepdims=0 back as size-1 axes, then expands to `x`. */
export function expandBack(b: Builder, dy: Value, x: Value, axes: readonly number[], keepdims: boolean): Value {
  const g = keepdims ? dy : b.unsqueeze(dy, [...axes].sort((p, q) => p - q));
  return b.expand(g, b.shapeOf(x));
}

/** Element count over the reduced axes, as a scalar of x's dtype (runtime when symbolic). */
export function countOf(b: Builder, x: Value, axes: readonly number[]): Value {
  const dims = axes.map((a) => x.shape[a]!);
  if (dims.every((d) => typeof d === 'number')) return b.scalar(dims.reduce((p, q) => p * q, 1), x.dtype);
  const sizes = b.op1('Gather', [b.shapeOf(x), b.ints(axes)]);
  return b.cast(b.op1('ReduceProd', [sizes], { keepdims: 0 }), x.dtype);
}
