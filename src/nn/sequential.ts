import type { HostTensor } from '../core/index.js';
import type { Graph } from '../ir/index.js';
import type { Layer } from './layers.js';
import { buildNetwork, countParams, setParams, type GraphOptions, type Network, type TrainingGraph } from './network.js';

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
export class Sequential implements Network {
  readonly params = new Map<string, HostTensor>();
  private readonly seed: number;

  constructor(
    readonly layers: readonly Layer[],
    opts: { seed?: number } = {},
  ) {
    this.seed = opts.seed ?? 0;
  }

  /** Builds the model as a graph with input `input` and output `logits`. */
  graph(opts: GraphOptions): Graph {
    return this.build(opts).graph;
  }

  /** A training graph with host-fed dropout noise, BatchNorm buffers and weight penalties. */
  trainingGraph(opts: Omit<GraphOptions, 'training'>): TrainingGraph {
    return this.build({ ...opts, training: true });
  }

  private build(opts: GraphOptions): TrainingGraph {
    return buildNetwork(this.params, this.seed, opts, (ctx, x) => {
      let h = x;
      this.layers.forEach((layer, i) => {
        h = layer.apply(ctx, h, `${layer.kind}${i}`);
      });
      return h;
    });
  }

  /** Replaces weights by name (e.g. after training). */
  setWeights(weights: ReadonlyMap<string, HostTensor>): void {
    setParams(this.params, weights);
  }

  /** Total number of weights. */
  parameterCount(): number {
    return countParams(this.params);
  }
}
