import { DataError, GraphError, type DType, type HostTensor } from '../core/index.js';
import { dtypeFromOnnx, Graph, type Dim, type Node, type Value } from '../ir/index.js';
import { assertOutputsSafe, mayBlockGradients, readOnnxInterface, writeFileAtomic, type OnnxInterface } from '../io/index.js';
import { crossEntropyLoss, type Loss, type Network } from '../nn/index.js';
import { exportModel, inferenceOnlyNote, isInferenceOnly, loadForInference, MAX_OPSET, MIN_OPSET, parseOnnx, readOnnxFile, type InferenceOnlyModel } from '../onnx/index.js';
import { Session, sessionDefaults, type SessionOptions } from '../runtime/index.js';
import type { ModelInputSpec } from '../session/index.js';
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
  private convertedNoted = false;
  /** The graph's nodes and weights as loaded: while they are the same, the file's bytes are what runs. */
  private loaded: { readonly bytes: Uint8Array; readonly nodes: readonly Node[]; readonly weights: readonly unknown[] } | undefined;
  /** The graph, once imported (a file loaded with {@link load} is imported on first use of it). */
  private imported: Graph | undefined;
  /** A loaded file whose graph is not imported yet: its bytes and interface are all that predicting needs. */
  private file: { readonly bytes: Uint8Array; readonly iface: OnnxInterface } | undefined;

  private constructor(
    source: Graph | { readonly bytes: Uint8Array; readonly iface: OnnxInterface },
    private readonly opts: ModelOptions,
    /** The file the model was loaded from, if any (never overwritten by `save`). */
    readonly path?: string,
    /** Set when Keel cannot represent the file: it runs on onnxruntime from its own bytes. */
    readonly inferenceOnly?: InferenceOnlyModel,
    bytes?: Uint8Array,
  ) {
    const io = source instanceof Graph ? source : source.iface;
    if (!io.inputs[0] || !io.outputs[0]) throw new GraphError('MODEL_IO', `a model needs at least one input and one output, got ${io.inputs.length} input(s) and ${io.outputs.length} output(s)`, { inputs: io.inputs.length, outputs: io.outputs.length });
    if (source instanceof Graph) this.adopt(source, bytes);
    else this.file = source;
  }

  /** Takes `graph` as the model's graph; `bytes` are the file it was imported from, if any. */
  private adopt(graph: Graph, bytes: Uint8Array | undefined): Graph {
    this.imported = graph;
    this.loaded = bytes && { bytes, nodes: [...graph.nodes], weights: graph.initializers.map((v) => v.known) };
    this.file = undefined;
    return graph;
  }

  /** The graph, imported from the loaded file's bytes on first use. */
  private get signature(): Graph {
    if (this.imported) return this.imported;
    const file = this.file!;
    return this.adopt(parseOnnx(file.bytes, this.path).graph, file.bytes);
  }

  /**
   * Reads an ONNX file (exported by Keel, PyTorch, Keras, scikit-learn, ...); an op Keel lacks is a
   * typed `UNSUPPORTED_OP`. It predicts by running the file's own bytes (no export round trip)
   * as long as its graph is not changed. Predicting needs only the file's interface, so the graph
   * is imported on first use of what needs it ({@link graph}, {@link inputs}, `save`, export, a
   * capability); a file with an op Keel may lack, or an opset outside Keel's, is imported at once,
   * so its typed error comes from here.
   */
  static load(path: string, opts: ModelOptions = {}): Promise<Model> {
    // A throw in the executor (unreadable file, bad graph) becomes the promise's rejection.
    return new Promise((resolve) => {
      const bytes = readOnnxFile(path);
      const iface = readOnnxInterface(bytes, path);
      if (mayBlockGradients(iface) || iface.opset < MIN_OPSET || iface.opset > MAX_OPSET) {
        const m = parseOnnx(bytes, path);
        resolve(new Model(m.graph, opts, path, undefined, m.bytes));
      } else resolve(new Model({ bytes, iface }, opts, path));
    });
  }

  /**
   * Reads an ONNX file for inference, never worse than onnxruntime: when Keel cannot represent
   * the file (an op or attribute value it lacks) the model still predicts and evaluates, running
   * the file's own bytes on onnxruntime, and {@link inferenceOnly} says which op blocks
   * gradients; anything that needs the graph (gradients, fine-tuning, export) gets that typed
   * `UNSUPPORTED_OP` error from {@link graph}. The first prediction sends one note (`onNote`).
   *
   * @example
   * ```ts
   * const model = await Model.loadForInference('upsampler.onnx');
   * const logits = await model.predict(x); // runs on onnxruntime when Keel lacks an op
   * ```
   */
  static async loadForInference(path: string, opts: ModelOptions = {}): Promise<Model> {
    const m = await loadForInference(path);
    return isInferenceOnly(m) ? new Model(m.graph, opts, path, m) : new Model(m.graph, opts, path, undefined, m.bytes);
  }

  /**
   * The model's graph: input 0 is the batch, output 0 the scores. Treat it as read-only. For an
   * {@link inferenceOnly} model this throws the typed error naming the op, node and opset that
   * Keel cannot represent (so cannot differentiate).
   */
  get graph(): Graph {
    if (this.inferenceOnly) throw this.inferenceOnly.blocked;
    return this.signature;
  }

  /** The model's inputs (name, dtype, declared shape), also for an {@link inferenceOnly} model. */
  get inputs(): readonly Value[] {
    return this.signature.inputs;
  }

  /**
   * A new runtime session for this model (from the file's own bytes when {@link inferenceOnly});
   * the caller releases it.
   */
  async openSession(opts: SessionOptions = {}): Promise<Session> {
    const only = this.inferenceOnly;
    if (!only) {
      // A loaded file runs from its own bytes (no export round trip) while the graph is unchanged.
      if (this.file) return Session.fromBytes(this.file.bytes, { ...sessionDefaults(this.file.iface), ...opts });
      const bytes = this.fileBytes();
      return bytes ? Session.fromBytes(bytes, { ...sessionDefaults(this.signature), ...opts }) : Session.create(this.signature, opts);
    }
    if (!this.noted) {
      this.noted = true;
      this.note(inferenceOnlyNote(only.blocked), 'KEEL_INFERENCE_ONLY');
    }
    return Session.fromBytes(only.bytes, { ...sessionDefaults(only.graph), ...opts });
  }

  /** Wraps a graph (e.g. from `loadOnnx` or a network's `graph()`); the graph is not copied. */
  static fromGraph(graph: Graph, opts: ModelOptions = {}): Model {
    return new Model(graph, opts);
  }

  /**
   * A Keel network (Sequential or functional) with its current weights, e.g. after `fit`.
   * @example `const model = Model.fromNetwork(net, { inputShape: ['N', 4] });`
   */
  static fromNetwork(network: Network, opts: ModelOptions & { readonly inputShape: readonly Dim[]; readonly inputDtype?: DType }): Model {
    return new Model(network.graph({ inputShape: opts.inputShape, ...(opts.inputDtype ? { inputDtype: opts.inputDtype } : {}) }), opts);
  }

  /** The first input, with its declared shape (e.g. `['N', 1, 28, 28]`). */
  get input(): Value {
    return this.signature.inputs[0]!;
  }

  /** The model's outputs (name, dtype, declared shape), also for an {@link inferenceOnly} model. */
  get outputs(): readonly Value[] {
    return this.signature.outputs;
  }

  /** The first output. */
  get output(): Value {
    return this.signature.outputs[0]!;
  }

  /** Output columns per row when fixed (classes for a classifier), else undefined. */
  get classes(): number | undefined {
    const c = this.output.rank === 2 ? this.output.shape[1] : this.output.rank === 1 ? 1 : undefined;
    return typeof c === 'number' ? c : undefined;
  }

  /** `x` as the float32 tensor the model takes (shape checked; float64 and numbers converted). */
  toInput(x: ModelInput): HostTensor<'float32'> {
    return coerceInput(x, this.inputSpec(), (message) => {
      if (this.convertedNoted) return;
      this.convertedNoted = true;
      this.note(message, 'KEEL_INPUT_CONVERTED');
    });
  }

  /** The first input's name, declared shape and type: from the file's interface while the graph is not imported. */
  private inputSpec(): ModelInputSpec {
    const declared = this.file?.iface.inputs[0];
    if (!declared) return this.input;
    return { name: declared.name, shape: [...declared.dims], dtype: dtypeFromOnnx(declared.elemType) ?? 'float32' };
  }

  private note(message: string, code: string): void {
    if (this.opts.onNote) this.opts.onNote(message);
    else process.emitWarning(message, { code });
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

  /** The model as ONNX bytes (the file's own bytes for an {@link inferenceOnly} model). */
  toOnnx(): Uint8Array {
    return this.inferenceOnly ? this.inferenceOnly.bytes : exportModel(this.graph);
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

  /** The loaded file's bytes while the graph still holds exactly the nodes and weights it was loaded with. */
  private fileBytes(): Uint8Array | undefined {
    const l = this.loaded;
    const g = this.signature;
    if (!l || l.nodes.length !== g.nodes.length || l.weights.length !== g.initializers.length) return undefined;
    return l.nodes.every((n, i) => g.nodes[i] === n) && l.weights.every((w, i) => g.initializers[i]?.known === w) ? l.bytes : undefined;
  }

  private compiled(): Promise<Session> {
    this.session ??= this.openSession(this.opts.session ?? {}).catch((e: unknown) => {
      this.session = undefined;
      throw e;
    });
    return this.session;
  }
}
