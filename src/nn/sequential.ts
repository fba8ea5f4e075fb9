import type { Value } from '../ir/index.js';
import type { Layer, LayerContext } from './layers.js';
import { LayerNetwork } from './network.js';

export type { GraphOptions } from './network.js';

/**
 * A stack of layers. Weights are created on the first graph build (seeded) and shared by every
 * graph built later, so a training graph and an inference graph always agree.
 *
 * @example
 * ```ts
 * const model = new Sequential([dense(256, { activation: 'relu' }), dense(10)], { seed: 1 });
 * const g = model.graph({ inputShape: ['N', 784] });
 * ```
 */
export class Sequential extends LayerNetwork {
  constructor(
    readonly layers: readonly Layer[],
    opts: { seed?: number } = {},
  ) {
    super(opts);
  }

  protected forward(ctx: LayerContext, x: Value): Value {
    let h = x;
    this.layers.forEach((layer, i) => {
      h = layer.apply(ctx, h, `${layer.kind}${i}`);
    });
    return h;
  }
}
