import { DataError, GraphError, type HostTensor } from '../core/index.js';
import type { Dim, Graph, Value } from '../ir/index.js';
import { assertOutputsSafe, writeFileAtomic } from '../io/index.js';
import { crossEntropyLoss, type Loss, type Network } from '../nn/index.js';
import { exportModel, loadOnnx } from '../onnx/index.js';
import { Session, type SessionOptions } from '../runtime/index.js';
import { argmaxRows, checkLabels, evaluateScores, predictBatched } from '../train/index.js';
import { coerceInput, coerceLabels, type LabelInput, type ModelInput, type NoteSink } from './model-input.js';

/** Options for {@link Model.load}, {@link Model.fromGraph} and {@link Model.fromNetwork}. */
export interface ModelOptions {
  /** Rows per runtime call in `predict` and `evaluate` (default 1024). */
  readonly batchSize?: number;
  readonly session?: SessionOptions;
  /** Receives the one note about inputs converted to float32; default `process.emitWarning`. */
  readonly onNote?: NoteSink;
}

/** What {@link Model.evaluate} measures: mean loss, and accuracy (classification) or MSE/MAE (regression). */
export interface Evaluation {
  readonly rows: number;
  readonly loss: number;
  readonly accuracy?: number;
  readonly mse?: number;
  readonly mae?: number;
}

/**
 * Keel's one model object: an ONNX file or a trained network, ready to `predict`, `evaluate`,
 * `save` and export. Every capability takes it directly: explainers (`new IntegratedGradients(model)`),
 * attacks (`new PgdAttack(model)`), the fairness threshold optimizer, quantization and the audit.
 * Inputs may be float64 or plain numbers (converted to float32 once, with one note); their shape
 * is checked against the model's declared input shape.
 *
 * @example
 * ```ts
 * const model = await Model.load('cnn.onnx');
 * const logits = await model.predict(x);
 * const { accuracy } = await model.evaluate(x, y);
 * await model.save('copy.onnx');
 * ```
 */
export class Model {
  private session: Promise<Session> | undefined;
  private noted = false;

  private constructor(
    /** The model's graph: input 0 is the batch, output 0 the scores. Treat it as read-only. */
    readonly graph: Graph,
    private readonly opts: ModelOptions,
    /** The file the model was loaded from, if any (never overwritten by `save`). */
    readonly path?: string,
  ) {
    if (!graph.inputs[0] || !graph.outputs[0]) throw new GraphError('MODEL_IO', `a model needs at least one input and one output, got ${graph.inputs.length} input(s) and ${graph.outputs.length} output(s)`, { inputs: graph.inputs.length, outputs: graph.outputs.length });
  }

  /** Reads an ONNX file (exported by Keel, PyTorch, Keras, scikit-learn, ...). */
  static async load(path: string, opts: ModelOptions = {}): Promise<Model> {
    return new Model((await loadOnnx(path)).graph, opts, path);
  }

  /** Wraps a graph (e.g. from `loadOnnx` or a network's `graph()`); the graph is not copied. */
  static fromGraph(graph: Graph, opts: ModelOptions = {}): Model {
    return new Model(graph, opts);
  }

  /**
   * A Keel network (Sequential or functional) with its current weights, e.g. after `fit`.
   * @example `const model = Model.fromNetwork(net, { inputShape: ['N', 4] });`
   */
  static fromNetwork(network: Network, opts: ModelOptions & { readonly inputShape: readonly Dim[] }): Model {
    return new Model(network.graph({ inputShape: opts.inputShape }), opts);
  }

  /** The first input, with its declared shape (e.g. `['N', 1, 28, 28]`). */
  get input(): Value {
    return this.graph.inputs[0]!;
  }

  /** The first output. */
  get output(): Value {
    return this.graph.outputs[0]!;
  }

  /** Output columns per row when fixed (classes for a classifier), else undefined. */
  get classes(): number | undefined {
    const c = this.output.rank === 2 ? this.output.shape[1] : this.output.rank === 1 ? 1 : undefined;
    return typeof c === 'number' ? c : undefined;
  }

  /** `x` as the float32 tensor the model takes (shape checked; float64 and numbers converted). */
  toInput(x: ModelInput): HostTensor<'float32'> {
    return coerceInput(x, this.input, (message) => {
      if (this.noted) return;
      this.noted = true;
      if (this.opts.onNote) this.opts.onNote(message);
      else process.emitWarning(message, { code: 'KEEL_INPUT_CONVERTED' });
    });
  }

  /** Raw outputs (logits or scores) for every row of `x`. */
  async predict(x: ModelInput): Promise<HostTensor> {
    const t = this.toInput(x);
    return predictBatched(await this.compiled(), t, this.opts.batchSize ?? 1024);
  }

  /** The predicted class (argmax of the outputs) of every row. */
  async predictClasses(x: ModelInput): Promise<Int32Array> {
    return argmaxRows(await this.predict(x));
  }

  /**
   * Mean loss and accuracy of class labels `y` (or, with a regression `loss`, MSE and MAE of targets).
   * @example `const { loss, accuracy } = await model.evaluate(x, y);`
   */
  async evaluate(x: ModelInput, y: LabelInput, opts: { readonly loss?: Loss } = {}): Promise<Evaluation> {
    const loss = opts.loss ?? crossEntropyLoss();
    const scores = await this.predict(x);
    const rows = scores.shape[0] ?? 0;
    const width = scores.data.length / Math.max(1, rows);
    const labels = coerceLabels(y);
    const target = loss.task === 'classification' ? checkLabels(labels, rows, width === 1 ? 2 : width, 'labels') : labels;
    if (loss.task !== 'classification' && target.data.length !== rows * width) {
      throw new DataError('LABELS_LENGTH', `regression targets must hold ${rows} rows × ${width} outputs = ${rows * width} values, got ${target.data.length}`, { expected: rows * width, actual: target.data.length });
    }
    return { rows, ...evaluateScores(loss, scores, target, width) };
  }

  /** The model as ONNX bytes. */
  toOnnx(): Uint8Array {
    return exportModel(this.graph);
  }

  /** Writes the model as an ONNX file (atomically: a reader never sees half a file). */
  async save(path: string): Promise<void> {
    assertOutputsSafe({ inputs: [this.path], outputs: [path] });
    writeFileAtomic(path, this.toOnnx());
    return Promise.resolve();
  }

  /** Frees the compiled runtime session (the model stays usable; it recompiles on next use). */
  async release(): Promise<void> {
    const s = this.session;
    this.session = undefined;
    if (s) await (await s).release();
  }

  private compiled(): Promise<Session> {
    this.session ??= Session.create(this.graph, this.opts.session ?? {}).catch((e: unknown) => {
      this.session = undefined;
      throw e;
    });
    return this.session;
  }
}
