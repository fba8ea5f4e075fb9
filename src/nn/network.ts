import { Rng, type DType, type HostTensor } from '../core/index.js';
import { Graph, type Dim, type Value } from '../ir/index.js';
import { Builder } from '../ops/index.js';
import type { CarriedBuffer } from '../runtime/index.js';
import type { LayerContext } from './layers.js';

/** Options for {@link Network.graph}. */
export interface GraphOptions {
  /** Shape of one batch including the batch axis, e.g. `['N', 784]`. */
  readonly inputShape: readonly Dim[];
  readonly inputDtype?: DType;
  /** Training graphs enable dropout, batch statistics and weight penalties. */
  readonly training?: boolean;
  /**
   * Dropout masks come in as extra graph inputs (`noise:<layer>`, same shape as the layer input,
   * values 0 or 1/(1-rate)) instead of ONNX Dropout's internal generator, so they are a pure
   * function of the host's seed (exact resume). Used by `fit()`.
   */
  readonly hostNoise?: boolean;
  /**
   * Weights that training keeps fixed, by name (transfer learning). A BatchNorm layer whose scale is
   * frozen runs in inference mode in training graphs too, so its statistics do not move.
   */
  readonly frozen?: (paramName: string) => boolean;
}

/** A training graph with what {@link TrainStep.compile} needs besides the graph itself. */
export interface TrainingGraph {
  readonly graph: Graph;
  /** BatchNorm running statistics: initializer → its value after one step. */
  readonly carried: readonly CarriedBuffer[];
  /** Scalar weight penalties (L1/L2 regularizers) to add to the loss. */
  readonly penalties: readonly Value[];
  /** Dropout noise inputs: name, and the drop rate. */
  readonly noise: readonly { readonly input: Value; readonly rate: number }[];
}

/** Anything that builds itself into a graph from named, seeded weights (Sequential, Functional). */
export interface Network {
  readonly params: Map<string, HostTensor>;
  graph(opts: GraphOptions): Graph;
  trainingGraph(opts: Omit<GraphOptions, 'training'>): TrainingGraph;
  setWeights(weights: ReadonlyMap<string, HostTensor>): void;
  parameterCount(): number;
}

/**
 * Builds a network graph: creates the input, a {@link LayerContext} sharing `params`, runs `body`
 * and names the output `logits`. Training extras (buffers, penalties, noise) are collected.
 */
export function buildNetwork(params: Map<string, HostTensor>, seed: number, opts: GraphOptions, body: (ctx: LayerContext, x: Value) => Value): TrainingGraph {
  const g = new Graph('keel_model');
  const b = new Builder(g);
  const rng = new Rng(seed);
  const x = g.addInput('input', { dtype: opts.inputDtype ?? 'float32', shape: opts.inputShape });
  const carried: CarriedBuffer[] = [];
  const penalties: Value[] = [];
  const noise: { input: Value; rate: number }[] = [];
  const training = opts.training ?? false;
  const ctx: LayerContext = {
    b,
    training,
    rng,
    param: (name, create) => {
      let t = params.get(name);
      if (!t) {
        t = create();
        params.set(name, t);
      }
      return g.addInitializer(name, t);
    },
    carry: (init, next) => {
      if (training) carried.push({ init, next });
    },
    frozen: (name) => opts.frozen?.(name) ?? false,
    penalize: (v) => {
      if (training) penalties.push(v);
    },
    noise: opts.hostNoise
      ? (name, like, rate) => {
          const input = g.addInput(`noise:${name}`, { dtype: like.dtype, shape: like.shape });
          noise.push({ input, rate });
          return input;
        }
      : undefined,
  };
  const h = body(ctx, x);
  const extra = [...penalties.map((p, i) => b.op1('Identity', [p], {}, { outputNames: [`penalty${i}`] })), ...carried.map((c) => b.op1('Identity', [c.next], {}, { outputNames: [`${c.init.name}:next`] }))];
  g.setOutputs(b.op1('Identity', [h], {}, { outputNames: ['logits'] }), ...extra);
  const n = penalties.length;
  return { graph: g, penalties: extra.slice(0, n), carried: carried.map((c, i) => ({ init: c.init, next: extra[n + i]! })), noise };
}

/**
 * What every {@link Network} shares: weights created (seeded) on the first build and shared by
 * every graph built later, so a training graph and an inference graph always agree; weights
 * replaced by name and counted. A subclass says only how its layers connect (`forward`).
 */
export abstract class LayerNetwork implements Network {
  readonly params = new Map<string, HostTensor>();
  protected readonly seed: number;

  protected constructor(opts: { seed?: number } = {}) {
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

  /** Replaces weights by name (e.g. after training). */
  setWeights(weights: ReadonlyMap<string, HostTensor>): void {
    for (const [k, v] of weights) if (this.params.has(k)) this.params.set(k, { ...v, data: v.data.slice() });
  }

  /** Total number of weights (buffers included). */
  parameterCount(): number {
    let n = 0;
    for (const t of this.params.values()) n += t.data.length;
    return n;
  }

  /** The layers applied to the input `x`; returns the output. */
  protected abstract forward(ctx: LayerContext, x: Value): Value;

  private build(opts: GraphOptions): TrainingGraph {
    return buildNetwork(this.params, this.seed, opts, (ctx, x) => this.forward(ctx, x));
  }
}
