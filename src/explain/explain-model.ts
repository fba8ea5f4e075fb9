import { GraphError, UsageError, isKeelError, type HostTensor } from '../core/index.js';
import { gradients } from '../autodiff/index.js';
import { Graph, type Value } from '../ir/index.js';
import { Model, coerceInput, type ModelInput } from '../model/index.js';
import { Builder, inlineGraph } from '../ops/index.js';
import { Session, type SessionOptions } from '../runtime/index.js';
import { oneHot } from './explainer.js';
import { asF32, concatRows, f32, mapChunks, rowsOf, sliceRows, type F32 } from './rows.js';

/** The forward pass perturbation methods need: scores [N, C] for inputs [N, ...]. */
export interface ForwardModel {
  /** Output columns per row. */
  readonly classes: number;
  forward(x: F32): Promise<F32>;
  /** Checks and converts user inputs (declared shape, float64 → float32); optional for hand-written models. */
  prepare?(x: ModelInput): Promise<F32>;
}

const adapted = new WeakMap<Model, ExplainModel>();

/** The explain view of a {@link Model} (one per model, so explainers share its compiled graphs). */
export function explainModelOf(model: ExplainModel | Model): ExplainModel {
  if (!(model instanceof Model)) return model;
  let m = adapted.get(model);
  if (!m) {
    m = ExplainModel.fromModel(model);
    adapted.set(model, m);
  }
  return m;
}

/** A {@link ForwardModel} for perturbation methods: a {@link Model} is adapted, anything else kept. */
export function forwardModelOf(model: ForwardModel | Model): ForwardModel {
  return model instanceof Model ? explainModelOf(model) : model;
}

/** What an input is, for messages: `a int64 tensor`, `Float32Array`, `a number array`. */
function inputKind(x: ModelInput): string {
  if (Array.isArray(x)) return 'a number array';
  return 'dtype' in x ? `a ${x.dtype} tensor` : x.constructor.name;
}

/**
 * The rows an explainer works on: the model's own check (declared shape, float64 and plain numbers
 * converted) when it has one, else a float tensor as given.
 */
export async function explainInputs(model: ForwardModel | undefined, x: ModelInput): Promise<F32> {
  if (model?.prepare) return model.prepare(x);
  if (typeof x === 'object' && 'dtype' in x && (x.dtype === 'float32' || x.dtype === 'float64')) return asF32(x);
  throw new UsageError('EXPLAIN_INPUT', `this model takes float tensors ({ dtype, shape, data }) only, got ${inputKind(x)}; wrap it in a Model for other input forms`, { actual: inputKind(x) });
}

/** Options for {@link ExplainModel.create}. */
export interface ExplainModelOptions {
  /** Rows per runtime call (memory stays bounded for any number of rows or steps). Default 512. */
  readonly batchSize?: number;
  readonly session?: SessionOptions;
  /** Called after every runtime call with the rows it evaluated (forward or gradient), for progress displays. */
  readonly onRows?: (rows: number) => void;
}

/** A layer's activation and the gradient of the target output with respect to it. */
export interface LayerGradient {
  readonly activation: F32;
  readonly gradient: F32;
}

/**
 * A model prepared for explanation: a batched forward pass and, built once on first use, one
 * compiled graph for d output[target] / d input and one per layer for layer gradients.
 *
 * @example
 * ```ts
 * const model = await ExplainModel.load('cnn.onnx');
 * const grad = await model.gradient(x, target);
 * ```
 */
export class ExplainModel implements ForwardModel {
  private forwardSession: Session | undefined;
  /** Compiled gradient sessions by layer (null: with respect to the input). */
  private readonly gradientSessions = new Map<string | null, Promise<Session>>();
  readonly batchSize: number;

  private nClasses: number;
  private noted = false;
  /** The model this view was made from: its input check (and its one note) is used. */
  private source: Model | undefined;

  private constructor(
    readonly graph: Graph,
    classes: number,
    private readonly opts: ExplainModelOptions,
  ) {
    this.nClasses = classes;
    this.batchSize = opts.batchSize ?? 512;
  }

  /** Output columns per row. */
  get classes(): number {
    return this.nClasses;
  }

  /** The explain view of a {@link Model}, with other batch or session options than the shared one. */
  static fromModel(model: Model, opts: ExplainModelOptions = {}): ExplainModel {
    const m = ExplainModel.fromGraph(model.graph, opts);
    m.source = model;
    return m;
  }

  /** Wraps a graph with one float input [N, ...] and one output [N, C]. The graph is not modified. */
  static async create(graph: Graph, opts: ExplainModelOptions = {}): Promise<ExplainModel> {
    const m = ExplainModel.fromGraph(graph, opts);
    await m.probeClasses();
    return m;
  }

  private static fromGraph(graph: Graph, opts: ExplainModelOptions): ExplainModel {
    const x = graph.inputs[0];
    const y = graph.outputs[0];
    if (!x || !y) throw new GraphError('EXPLAIN_MODEL', `the model needs an input and an output to explain, got ${graph.inputs.length} input(s) and ${graph.outputs.length} output(s)`, { inputs: graph.inputs.length, outputs: graph.outputs.length });
    if (y.rank !== 2 && y.rank !== 1) throw new GraphError('EXPLAIN_MODEL', `explainers need an output of shape [N, C] or [N], got rank ${y.rank}`, { shape: y.shape });
    const c = y.rank === 1 ? 1 : y.shape[1];
    return new ExplainModel(graph, typeof c === 'number' ? c : 0, opts);
  }

  /** Runs one zero row when the output width is symbolic, to learn the class count. */
  private async probeClasses(): Promise<void> {
    if (this.nClasses !== 0) return;
    const probe = await this.forward(f32([1, ...this.input.shape.slice(1).map((d) => (typeof d === 'number' ? d : 1))]));
    this.nClasses = probe.data.length;
  }

  /** Checks `x` against the declared input shape and converts it to float32 (one note per model). */
  async prepare(x: ModelInput): Promise<F32> {
    const t = this.source
      ? this.source.toInput(x)
      : coerceInput(x, this.input, (message) => {
          if (!this.noted) process.emitWarning(message, { code: 'KEEL_INPUT_CONVERTED' });
          this.noted = true;
        });
    await this.probeClasses();
    return t;
  }

  /** Input name, shape and the output's name, for messages. */
  get input(): Value {
    return this.graph.inputs[0]!;
  }

  /** Raw model output [N, C] for every row of `x`. */
  async forward(x: F32): Promise<F32> {
    this.forwardSession ??= await Session.create(this.graph, this.opts.session ?? {});
    const s = this.forwardSession;
    const out = await mapChunks(x, this.batchSize, async (part) => {
      const y = asF32((await s.run({ [s.inputNames[0]!]: part }))[s.outputNames[0]!]!);
      this.opts.onRows?.(rowsOf(part));
      return y;
    });
    return out.shape.length === 1 ? f32([rowsOf(out), 1], out.data) : out;
  }

  /** d output[i, target[i]] / d x[i] for every row, plus the outputs themselves. */
  async gradient(x: F32, target: Int32Array): Promise<{ gradient: F32; outputs: F32 }> {
    const [outputs, gradient] = await this.runGradient(null, 'outputs', x, target);
    return { gradient, outputs };
  }

  /** Activation of node `layer` (by ONNX node name) and d output[target] / d activation. */
  async layerGradient(layer: string, x: F32, target: Int32Array): Promise<LayerGradient> {
    const [activation, gradient] = await this.runGradient(layer, 'activation', x, target);
    return { activation, gradient };
  }

  /**
   * Runs the gradient session of `layer` (null: the input) in batches of rows and returns the
   * output `first` and the gradient, each concatenated over the batches.
   */
  private async runGradient(layer: string | null, first: 'outputs' | 'activation', x: F32, target: Int32Array): Promise<[F32, F32]> {
    let p = this.gradientSessions.get(layer);
    if (!p) {
      p = this.compileGradient(layer);
      this.gradientSessions.set(layer, p);
    }
    const s = await p.catch((e: unknown) => {
      this.gradientSessions.delete(layer);
      throw e;
    });
    const seed = oneHot(target, this.classes);
    const firsts: F32[] = [];
    const grads: F32[] = [];
    for (let i = 0; i < rowsOf(x); i += this.batchSize) {
      const n = Math.min(this.batchSize, rowsOf(x) - i);
      const r = await s.run({ x: sliceRows(x, i, n), seed: sliceRows(seed, i, n) });
      this.opts.onRows?.(n);
      firsts.push(asF32(r[first]!));
      grads.push(asF32(r['gradient']!));
    }
    return [concatRows(firsts), concatRows(grads)];
  }

  /** Names of the Conv nodes of the graph (candidates for Grad-CAM). */
  convLayers(): string[] {
    return this.graph.nodes.filter((n) => n.op === 'Conv').map((n) => n.name);
  }

  /** A copy of this model with some weights replaced by name (the original is untouched). */
  async withWeights(weights: ReadonlyMap<string, HostTensor>): Promise<ExplainModel> {
    const g = new Graph('explain_copy');
    const b = new Builder(g);
    const src = this.graph;
    const x = g.addInput(src.inputs[0]!.name, src.inputs[0]!.type);
    const bind = new Map<Value, Value>([[src.inputs[0]!, x]]);
    for (const v of src.initializers) {
      const w = weights.get(v.name);
      if (w) bind.set(v, g.addInitializer(v.name, w));
    }
    const map = inlineGraph(b, src, bind);
    g.setOutputs(map.get(src.outputs[0]!)!);
    return ExplainModel.create(g, this.opts);
  }

  /** Frees the compiled sessions. */
  async release(): Promise<void> {
    const all: Session[] = [];
    if (this.forwardSession) all.push(this.forwardSession);
    for (const p of this.gradientSessions.values()) all.push(await p);
    await Promise.all(all.map((s) => s.release()));
    this.forwardSession = undefined;
    this.gradientSessions.clear();
  }

  /** Builds x, seed → outputs, gradient (w.r.t. the input, or w.r.t. a layer's output). */
  private async compileGradient(layer: string | null): Promise<Session> {
    const src = this.graph;
    const srcIn = src.inputs[0]!;
    if (srcIn.dtype !== 'float32') throw new GraphError('EXPLAIN_NOT_DIFFERENTIABLE', `gradient methods need a float32 input, but "${srcIn.name}" is ${srcIn.dtype}; use a perturbation method (occlusion, feature-ablation, kernel-shap)`, { dtype: srcIn.dtype });
    let wrtSrc: Value = srcIn;
    if (layer !== null) {
      const node = src.nodes.find((n) => n.name === layer) ?? src.nodes.find((n) => n.outputs.some((o) => o.name === layer));
      if (!node) {
        const conv = this.convLayers();
        throw new UsageError('EXPLAIN_LAYER_NOT_FOUND', `no layer named "${layer}" in the model; conv layers: ${conv.length ? conv.join(', ') : '(none)'}`, { layer, convLayers: conv });
      }
      wrtSrc = node.outputs[0]!;
    }
    const g = new Graph('explain_gradient');
    const b = new Builder(g);
    const x = g.addInput('x', srcIn.type);
    const map = inlineGraph(b, src, new Map([[srcIn, x]]));
    let out = map.get(src.outputs[0]!)!;
    if (out.rank === 1) out = b.unsqueeze(out, [1]);
    const seed = g.addInput('seed', { dtype: out.dtype, shape: out.shape });
    const wrt = map.get(wrtSrc)!;
    let grad: Value | null;
    try {
      [grad] = gradients(b, [out], [wrt], { seeds: new Map([[out, seed]]) }) as [Value | null];
    } catch (e) {
      if (isKeelError(e, 'GRAD_NOT_DIFFERENTIABLE')) throw new GraphError('EXPLAIN_NOT_DIFFERENTIABLE', `the model has no differentiable path from its input to its output: ${e.message}; use a perturbation method (occlusion, feature-ablation, kernel-shap) instead`, { ...e.details }, { cause: e });
      throw e;
    }
    if (!grad) throw new GraphError('EXPLAIN_NOT_DIFFERENTIABLE', `the model output does not depend differentiably on ${layer === null ? 'its input' : `layer "${layer}"`} (the gradient is undefined or zero everywhere); use a perturbation method instead`, { layer });
    const outputs = [b.op1('Identity', [out], {}, { outputNames: ['outputs'] }), b.op1('Identity', [grad], {}, { outputNames: ['gradient'] })];
    if (layer !== null) outputs.push(b.op1('Identity', [wrt], {}, { outputNames: ['activation'] }));
    g.setOutputs(...outputs);
    return Session.create(g, this.opts.session ?? {});
  }
}
