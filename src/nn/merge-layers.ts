import { GraphError } from '../core/index.js';
import type { Value } from '../ir/index.js';
import { initWeight, type InitName } from './init.js';
import type { Layer, LayerContext } from './layers.js';
import { regularize, type Regularizer } from './regularizer.js';

/** A layer with several inputs (functional API): `add`, `concat`. */
export interface MergeLayer {
  readonly kind: string;
  merge(ctx: LayerContext, xs: readonly Value[], name: string): Value;
}

/** Elementwise sum of same-shaped inputs (residual connections). */
export function addLayer(): MergeLayer {
  return {
    kind: 'add',
    merge(ctx, xs, name) {
      if (xs.length < 2) throw new GraphError('LAYER_SHAPE', `add layer ${name} needs at least two inputs`, { name });
      return xs.slice(1).reduce((a, v) => ctx.b.add(a, v), xs[0]!);
    },
  };
}

/** Concatenation along `axis` (default 1, the feature/channel axis). */
export function concatLayer(axis = 1): MergeLayer {
  return {
    kind: 'concat',
    merge: (ctx, xs) => ctx.b.op1('Concat', [...xs], { axis }),
  };
}

/**
 * A residual block for Sequential models: `x + block(x)` (the block must keep the shape).
 * @example `residual([dense(64, { activation: 'relu' }), dense(64)])`
 */
export function residual(block: readonly Layer[]): Layer {
  return {
    kind: 'residual',
    apply(ctx, x, name) {
      let h = x;
      block.forEach((l, i) => {
        h = l.apply(ctx, h, `${name}.${l.kind}${i}`);
      });
      return ctx.b.add(x, h);
    },
  };
}

/**
 * Token embedding: int64 indices [N, ...] → float32 vectors [N, ..., dim].
 * @example `embedding(1000, 32)`
 */
export function embedding(vocab: number, dim: number, opts: { init?: InitName; regularizer?: Regularizer } = {}): Layer {
  return {
    kind: 'embedding',
    apply(ctx, x, name) {
      if (x.dtype !== 'int64' && x.dtype !== 'int32') throw new GraphError('LAYER_SHAPE', `embedding layer ${name} needs integer indices, got ${x.dtype}; build the graph with inputDtype: 'int64'`, { name, actual: x.dtype });
      const w = ctx.param(`${name}.weight`, () => {
        const t = initWeight(opts.init ?? 'glorot', [vocab, dim], ctx.rng);
        return t;
      });
      regularize(ctx, w, opts.regularizer);
      return ctx.b.op1('Gather', [w, x], { axis: 0 });
    },
  };
}
