import { Rng, type DType, type HostTensor } from '../core/index.js';
import { Graph, type Dim } from '../ir/index.js';
import { Builder } from '../ops/index.js';
import type { Layer } from './layers.js';

/** Options for {@link Sequential.graph}. */
export interface GraphOptions {
  /** Shape of one batch including the batch axis, e.g. `['N', 784]`. */
  readonly inputShape: readonly Dim[];
  readonly inputDtype?: DType;
  /** Training graphs enable dropout (and, later, batch statistics). */
  readonly training?: boolean;
}

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
export class Sequential {
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
    const g = new Graph('keel_model');
    const b = new Builder(g);
    const rng = new Rng(this.seed);
    const x = g.addInput('input', { dtype: opts.inputDtype ?? 'float32', shape: opts.inputShape });
    const ctx = {
      b,
      training: opts.training ?? false,
      rng,
      param: (name: string, create: () => HostTensor) => {
        let t = this.params.get(name);
        if (!t) {
          t = create();
          this.params.set(name, t);
        }
        return g.addInitializer(name, t);
      },
    };
    let h = x;
    this.layers.forEach((layer, i) => {
      h = layer.apply(ctx, h, `${layer.kind}${i}`);
    });
    g.setOutputs(b.op1('Identity', [h], {}, { outputNames: ['logits'] }));
    return g;
  }

  /** Replaces weights by name (e.g. after training). */
  setWeights(weights: ReadonlyMap<string, HostTensor>): void {
    for (const [k, v] of weights) if (this.params.has(k)) this.params.set(k, v);
  }

  /** Total number of weights. */
  parameterCount(): number {
    let n = 0;
    for (const t of this.params.values()) n += t.data.length;
    return n;
  }
}
