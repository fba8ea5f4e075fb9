/**
 * {@link KeelTrainer}: trains small Keel networks (logistic regression or an MLP built with
 * `Sequential`/`dense`), or fine-tunes a given `Model`, on weighted binary labels with one
 * compiled `Fitter` (the training loop of `fit`), reused by every model it fits, and predicts
 * through one compiled session whose weights are an input.
 * @module
 */
import { DataError, UsageError, featureTensor, tensor, type FeatureMatrix, type HostTensor } from '../core/index.js';
import { Graph, type Value } from '../ir/index.js';
import { Builder, inlineGraph } from '../ops/index.js';
import { Sequential, dense } from '../nn/index.js';
import { exportModel, parseOnnx } from '../onnx/index.js';
import { Adam } from '../optim/index.js';
import { Session } from '../runtime/index.js';
import { Fitter, predictBatched, setGraphWeights } from '../train/index.js';
import type { Model } from '../model/index.js';
import { fitWeightTotal } from '../fairness/index.js';
import { weightedBinaryLoss } from './weighted-loss.js';

/** Options of {@link KeelTrainer}. */
export interface KeelTrainerOptions {
  /** Hidden layer widths (ReLU); empty (default) is a logistic regression. Ignored with `model`. */
  readonly hidden?: readonly number[];
  /**
   * Start every fit from this trained binary classifier (input [N, features] float32, output
   * [N, 2] logits) and fine-tune its weights with the sample weights, instead of a fresh network.
   * The model itself is never changed: each fit trains a copy from the model's weights.
   */
  readonly model?: Model;
  /** Passes over the data per fit (default 6). */
  readonly epochs?: number;
  /** Rows per step (default 256). */
  readonly batchSize?: number;
  /** Adam learning rate (default 0.02), decayed linearly to 10% over the fit. */
  readonly lr?: number;
  /** Decoupled weight decay (default 1e-4). */
  readonly weightDecay?: number;
  /** Seed of the initial weights and the batch order (default 0). */
  readonly seed?: number;
  /** Columns reserved in the target for a group-covariance penalty (default 0: no penalty). */
  readonly penaltyGroups?: number;
}

/** Per-fit data of {@link KeelTrainer.fit}. */
export interface KeelFitData {
  /** 0/1 labels. */
  readonly y: ArrayLike<number>;
  /** Non-negative weights, one per row (normalised to mean 1 inside). */
  readonly weight: ArrayLike<number>;
  /** Row-major [rows, penaltyGroups] penalty columns, see {@link weightedBinaryLoss}. */
  readonly penalty?: Float32Array | undefined;
}

interface Compiled {
  readonly cols: number;
  /** The network trained (a Sequential, or the copy of the given model's graph). */
  readonly model: Sequential | Graph;
  readonly graph: Graph;
  readonly fitter: Fitter;
  readonly layout: ReadonlyMap<string, { readonly offset: number; readonly size: number }>;
  readonly predict: Session;
}

/**
 * Compiles once (on the first fit, for that feature count) and trains any number of models; a
 * model is its flat parameter vector.
 *
 * @example
 * ```ts
 * const trainer = new KeelTrainer({ hidden: [32], epochs: 5 });
 * const params = await trainer.fit(X, { y, weight });
 * const p = await trainer.predictProba(params, X);
 * await trainer.release();
 * ```
 */
export class KeelTrainer {
  readonly options: KeelTrainerOptions;
  private compiled: Compiled | undefined;

  constructor(options: KeelTrainerOptions = {}) {
    this.options = options;
  }

  private async compile(cols: number): Promise<Compiled> {
    if (this.compiled !== undefined) {
      if (this.compiled.cols !== cols) {
        throw new UsageError('FEATURE_COUNT', `This trainer was compiled for ${this.compiled.cols} features but X has ${cols}; use one trainer per feature layout.`, { expected: this.compiled.cols, actual: cols });
      }
      return this.compiled;
    }
    const start = this.options.model;
    const hidden = this.options.hidden ?? [];
    const model = start === undefined ? new Sequential([...hidden.map((u) => dense(u, { activation: 'relu' })), dense(2)], { seed: this.options.seed ?? 0 }) : startGraph(start, cols);
    const graph = model instanceof Graph ? model : model.graph({ inputShape: ['N', cols], training: true });
    const k = this.options.penaltyGroups ?? 0;
    const fitter = await Fitter.create(model, { dtype: 'float32', shape: [1, cols] }, {
      epochs: this.options.epochs ?? 6,
      batchSize: this.options.batchSize ?? 256,
      lr: this.options.lr ?? 0.02,
      schedule: { name: 'linear_to_10%', lr: (base, s, _perEpoch, total) => base * (1 - (0.9 * s) / total) },
      optimizer: new Adam({ weightDecay: this.options.weightDecay ?? 1e-4 }),
      seed: this.options.seed ?? 0,
      target: { dtype: 'float32', shape: ['N', 2 + k] },
      objective: (ctx) => weightedBinaryLoss(ctx.b, ctx.forward(ctx.x), ctx.y),
    });
    const layout = fitter.layout();
    this.compiled = { cols, model, graph, fitter, layout, predict: await Session.create(probabilityGraph(graph, layout, fitter.parameterCount)) };
    return this.compiled;
  }

  /**
   * Trains a fresh model (same initial weights every time) and returns its parameters.
   * @example `const params = await trainer.fit(X, { y, weight });`
   */
  async fit(X: FeatureMatrix, data: KeelFitData): Promise<Float32Array> {
    const n = X.rows, k = this.options.penaltyGroups ?? 0;
    const c = await this.compile(X.cols);
    const wSum = fitWeightTotal(data.weight);
    const width = 2 + k;
    const target = new Float32Array(n * width);
    for (let i = 0; i < n; i++) {
      target[i * width] = data.y[i]!;
      target[i * width + 1] = (data.weight[i]! * n) / wSum;
      if (k > 0 && data.penalty !== undefined) target.set(data.penalty.subarray(i * k, (i + 1) * k), i * width + 2);
    }
    const y: HostTensor = { dtype: 'float32', shape: [n, width], data: target };
    c.fitter.reset();
    const { weights } = await c.fitter.run(featureTensor(X), y);
    return weights.params.slice();
  }

  /**
   * Probability of label 1 per row under the given parameters.
   * @example `const p = await trainer.predictProba(params, X);`
   */
  async predictProba(params: Float32Array, X: FeatureMatrix): Promise<Float64Array> {
    const c = await this.compile(X.cols);
    const x = featureTensor(X);
    const session = c.predict;
    const out = new Float64Array(X.rows);
    const chunk = 8192;
    for (let s = 0; s < X.rows; s += chunk) {
      const m = Math.min(chunk, X.rows - s);
      const r = await session.run({ input: { dtype: 'float32', shape: [m, X.cols], data: x.data.subarray(s * X.cols, (s + m) * X.cols) }, params: tensor('float32', [params.length], params) });
      out.set(r[session.outputNames[0]!]!.data as Float32Array, s);
    }
    return out;
  }

  /**
   * A standalone inference graph (input `input` [N, features], output `logits` [N, 2]) with the
   * given parameters baked in as weights, ready for `exportModel`.
   * @example `const bytes = exportModel(trainer.inferenceGraph(params));`
   */
  inferenceGraph(params: Float32Array): Graph {
    const c = this.compiled;
    if (c === undefined) throw new UsageError('NOT_FITTED', 'KeelTrainer: inferenceGraph was called before fit; call fit(X, data) first.', { learner: 'KeelTrainer', method: 'inferenceGraph' });
    const weights = new Map<string, HostTensor>();
    for (const v of c.graph.initializers) {
      const at = c.layout.get(v.name);
      if (at) weights.set(v.name, tensor('float32', v.shape as number[], params.slice(at.offset, at.offset + at.size)));
    }
    if (c.model instanceof Graph) {
      const graph = copyGraph(c.model);
      setGraphWeights(graph, weights);
      return graph;
    }
    const model = new Sequential(c.model.layers, { seed: this.options.seed ?? 0 });
    model.graph({ inputShape: ['N', c.cols] });
    model.setWeights(weights);
    return model.graph({ inputShape: ['N', c.cols] });
  }

  /** Runs `predictBatched` of an exported graph (used to check exports). */
  static async runGraph(graph: Graph, x: HostTensor): Promise<HostTensor> {
    const s = await Session.create(graph);
    try {
      return await predictBatched(s, x, 8192);
    } finally {
      await s.release();
    }
  }

  async release(): Promise<void> {
    if (this.compiled === undefined) return;
    await this.compiled.fitter.release();
    await this.compiled.predict.release();
    this.compiled = undefined;
  }
}

/** `softmax(model(input))[:, 1]` with the model's trained weights sliced from a `params` input (by the fitter's layout). */
function probabilityGraph(model: Graph, layout: Compiled['layout'], total: number): Graph {
  const g = new Graph('keel_proba');
  const b = new Builder(g);
  const x = g.addInput('input', { dtype: 'float32', shape: model.inputs[0]!.shape });
  const p = g.addInput('params', { dtype: 'float32', shape: [total] });
  const bind = new Map<Value, Value>([[model.inputs[0]!, x]]);
  for (const v of model.initializers) {
    const at = layout.get(v.name);
    if (at) bind.set(v, b.reshape(b.op1('Slice', [p, b.ints([at.offset]), b.ints([at.offset + at.size])]), v.shape as number[]));
  }
  const logits = inlineGraph(b, model, bind).get(model.outputs[0]!)!;
  const proba = b.op1('Softmax', [logits], { axis: 1 });
  g.setOutputs(b.reshape(b.op1('Gather', [proba, b.ints([1])], { axis: 1 }), [-1]));
  return g;
}

/** An independent copy of a graph (through its ONNX bytes), so training it leaves the original as it was. */
function copyGraph(graph: Graph): Graph {
  return parseOnnx(exportModel(graph)).graph;
}

/** The graph a fine-tuning fit starts from: a copy of the model's, checked to read `cols` features and give two logits. */
function startGraph(model: Model, cols: number): Graph {
  const { input, output } = model;
  const width = input.shape[1];
  if (input.dtype !== 'float32' || input.shape.length !== 2 || (typeof width === 'number' && width !== cols)) {
    throw new UsageError('FEATURE_COUNT', `The model reads ${input.dtype} [${input.shape.join(', ')}] but X has ${cols} features per row; fine-tune a model whose input is [N, ${cols}] float32.`, { expected: cols, actual: typeof width === 'number' ? width : -1 });
  }
  if (output.shape.length !== 2 || output.shape[1] !== 2) {
    throw new DataError('MODEL_OUTPUT', `Output "${output.name}" is [${output.shape.join(', ')}]; a fairness learner fine-tunes a binary classifier with two logits per row [N, 2].`, { path: model.path ?? output.name, columns: Number(output.shape[1] ?? -1) });
  }
  return copyGraph(model.graph);
}
