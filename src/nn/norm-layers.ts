import { GraphError, tensor } from '../core/index.js';
import type { Value } from '../ir/index.js';
import { batchNormTraining } from '../ops/index.js';
import type { Layer } from './layers.js';

function channels(x: Value, name: string, kind: string): number {
  const c = x.shape[x.rank === 2 ? 1 : 1];
  if ((x.rank !== 2 && x.rank !== 4) || typeof c !== 'number') throw new GraphError('LAYER_SHAPE', `${kind} layer ${name} needs [N, C] or [N, C, H, W] with a static C, got [${x.shape.join(',')}]`, { kind, name, actual: x.shape });
  return c;
}

/** Options for {@link batchNorm}. */
export interface BatchNormOptions {
  readonly eps?: number;
  /** Weight of the new batch statistic in the running average (PyTorch's momentum, default 0.1). */
  readonly momentum?: number;
}

/**
 * Batch normalization over [N, C] or [N, C, H, W]. Training graphs normalize with the batch
 * statistics (`batchNormTraining` of the ops, differentiated by one fused rule) and carry the
 * running mean and unbiased variance to the next step (updates on [C]-sized vectors only);
 * inference graphs, and training graphs in which its scale is frozen (transfer learning), use ONNX
 * BatchNormalization with the running statistics.
 * @example `batchNorm({ momentum: 0.1 })`
 */
export function batchNorm(opts: BatchNormOptions = {}): Layer {
  const eps = opts.eps ?? 1e-5;
  const m = opts.momentum ?? 0.1;
  return {
    kind: 'batchnorm',
    apply(ctx, x, name) {
      const c = channels(x, name, 'batchNorm');
      const { b } = ctx;
      const gamma = ctx.param(`${name}.weight`, () => tensor('float32', [c], new Float32Array(c).fill(1)));
      const beta = ctx.param(`${name}.bias`, () => tensor('float32', [c]));
      const rm = ctx.param(`${name}.running_mean`, () => tensor('float32', [c]));
      const rv = ctx.param(`${name}.running_var`, () => tensor('float32', [c], new Float32Array(c).fill(1)));
      if (!ctx.training || ctx.frozen(`${name}.weight`)) return b.op1('BatchNormalization', [x, gamma, beta, rm, rv], { epsilon: eps });
      const { y, mean, variance, count } = batchNormTraining(b, x, gamma, beta, eps);
      const unbiased = b.div(count, b.sub(count, b.scalar(1, 'float32')));
      ctx.carry(rm, b.add(b.scale(rm, 1 - m), b.scale(mean, m)));
      ctx.carry(rv, b.add(b.scale(rv, 1 - m), b.mul(b.scale(variance, m), unbiased)));
      return y;
    },
  };
}

/**
 * Layer normalization over the last axis with a learned scale and shift.
 * @example `layerNorm()`
 */
export function layerNorm(opts: { eps?: number } = {}): Layer {
  return {
    kind: 'layernorm',
    apply(ctx, x, name) {
      const d = x.shape[x.rank - 1];
      if (typeof d !== 'number') throw new GraphError('LAYER_SHAPE', `layerNorm layer ${name} needs a static last dimension, got [${x.shape.join(',')}]`, { name, actual: x.shape });
      const gamma = ctx.param(`${name}.weight`, () => tensor('float32', [d], new Float32Array(d).fill(1)));
      const beta = ctx.param(`${name}.bias`, () => tensor('float32', [d]));
      return ctx.b.op1('LayerNormalization', [x, gamma, beta], { axis: -1, epsilon: opts.eps ?? 1e-5 });
    },
  };
}
