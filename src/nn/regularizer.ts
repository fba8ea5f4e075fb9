import { UsageError } from '../core/index.js';
import type { Value } from '../ir/index.js';
import type { LayerContext } from './layers.js';

/** Per-layer weight penalty: `l1·Σ|w| + l2·Σw²` added to the training loss (Keras convention). */
export interface Regularizer {
  readonly l1?: number;
  readonly l2?: number;
}

/**
 * Adds the penalty of `w` to the training loss (no-op in inference graphs or without a regularizer).
 * @example `regularize(ctx, w, { l2: 1e-4 })`
 */
export function regularize(ctx: LayerContext, w: Value, reg: Regularizer | undefined): void {
  if (!reg || !ctx.training) return;
  const { b } = ctx;
  for (const [k, v] of Object.entries(reg) as [string, unknown][]) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new UsageError('LAYER_OPTION', `regularizer ${k} must be a finite number ≥ 0, got ${String(v)}`, { option: k });
  }
  const all = b.ints([...Array(w.rank).keys()]);
  if ((reg.l2 ?? 0) > 0) ctx.penalize(b.scale(b.op1('ReduceSum', [b.mul(w, w), all], { keepdims: 0 }), reg.l2 ?? 0));
  if ((reg.l1 ?? 0) > 0) ctx.penalize(b.scale(b.op1('ReduceSum', [b.op1('Abs', [w]), all], { keepdims: 0 }), reg.l1 ?? 0));
}
