import { GraphError, tensor, type HostTensor } from '../core/index.js';
import { gradients } from '../autodiff/index.js';
import { Graph, type Value } from '../ir/index.js';
import { Builder, inlineGraph } from '../ops/index.js';
import { Model } from '../model/index.js';
import { Session, type SessionOptions } from '../runtime/index.js';
import { buildLoss, type LossName } from './attack-losses.js';

/**
 * A model seen as a black box: only its outputs (logits or scores [N, C]) are visible. Score-
 * and decision-based attacks take this, so they provably never see a gradient.
 */
export interface Classifier {
  /** Number of classes C. */
  readonly classes: number;
  /** Shape of one input row (without the batch axis). */
  readonly rowShape: readonly number[];
  /** Scores [N, C] for inputs [N, ...rowShape]. */
  logits(x: Float32Array, rows: number): Promise<Float32Array>;
}

/** Per-example losses, their input gradient and the logits at one point. */
export interface LossGradient {
  readonly loss: Float32Array;
  readonly grad: Float32Array;
  readonly logits: Float32Array;
}

/** A white-box model: also gives input gradients of attack losses. */
export interface DifferentiableClassifier extends Classifier {
  /**
   * Per-example loss ℓ_i(x_i, y_i) and d(Σ sign_i·ℓ_i)/dx for each row; `sign` = +1 to increase
   * the loss (untargeted), −1 to decrease it (targeted). Default sign: all +1.
   */
  lossGradient(x: Float32Array, y: Int32Array, loss: LossName, sign?: Float32Array): Promise<LossGradient>;
  /** d logits[i, c] / dx for every class c: [C, N, ...rowShape] (DeepFool's linearization). */
  logitJacobian(x: Float32Array, rows: number): Promise<Float32Array[]>;
}

/** Options for {@link GraphClassifier.create}. */
export interface ClassifierOptions {
  /** Rows per runtime call (default 500). */
  readonly batchSize?: number;
  readonly session?: SessionOptions;
  /**
   * The data's row shape, for models whose dims after the batch axis are symbolic (a sequence
   * length): symbolic dims take the data's sizes, static ones must agree.
   */
  readonly rowShape?: readonly number[];
}

/**
 * The class count and row shape an attack sees for a model's first input and output (logits
 * [N, C] with a fixed C); `given` (the data's row shape) fills symbolic dims after the batch axis.
 */
function attackShape(x: Value | undefined, out: Value | undefined, given: readonly number[] | undefined): { classes: number; rowShape: readonly number[] } {
  if (!x || !out) throw new GraphError('ATTACK_MODEL', `the model needs an input and an output, got ${x === undefined ? 'no input' : `input "${x.name}"`} and ${out === undefined ? 'no output' : `output "${out.name}"`}`, { input: x?.name, output: out?.name });
  const c = out.shape[1];
  if (out.rank !== 2 || typeof c !== 'number') {
    throw new GraphError('ATTACK_MODEL', `the model's output "${out.name}" must be logits [N, C] with a fixed class count, got [${out.shape.join(',')}]`, { output: out.name, actual: out.shape });
  }
  const declared = x.shape.slice(1);
  if (given && (given.length !== declared.length || declared.some((d, i) => typeof d === 'number' && d !== given[i]))) {
    throw new GraphError('ATTACK_SHAPE', `the data rows are [${given.join(',')}] but the model input "${x.name}" is [${x.shape.join(',')}] after the batch axis; pass rows of the model's shape`, { model: x.shape, data: given });
  }
  const rowShape = given ?? declared;
  if (!rowShape.every((d): d is number => typeof d === 'number')) {
    throw new GraphError('ATTACK_MODEL', `the model input "${x.name}" must have fixed dims after the batch axis, got [${x.shape.join(',')}]; pass the data's row shape (rowShape) for a symbolic length`, { input: x.name, actual: x.shape });
  }
  return { classes: c, rowShape };
}

/**
 * Wraps any Keel graph (trained in Keel or imported from ONNX; input 0 = batch, output 0 =
 * logits) as a {@link DifferentiableClassifier}. Each gradient graph (x, y → loss → ∇ₓ) is built
 * and compiled once per loss, then run on batches.
 *
 * @example
 * ```ts
 * const model = GraphClassifier.fromModel(await Model.load('cnn.onnx'));
 * const { grad } = await model.lossGradient(x, y, 'ce');
 * ```
 */
export class GraphClassifier implements DifferentiableClassifier {
  private readonly sessions = new Map<string, Promise<Session>>();
  private readonly batch: number;

  private constructor(
    private readonly model: Graph,
    readonly classes: number,
    readonly rowShape: readonly number[],
    private readonly opts: ClassifierOptions,
  ) {
    this.batch = opts.batchSize ?? 500;
  }

  /** The attack view of a {@link Model}, with other batch or session options than the shared one. */
  static fromModel(model: Model, opts: ClassifierOptions = {}): GraphClassifier {
    return GraphClassifier.create(model.graph, opts);
  }

  /** Wraps a graph whose first input is the batch and first output the logits [N, C]. */
  static create(model: Graph, opts: ClassifierOptions = {}): GraphClassifier {
    const { classes, rowShape } = attackShape(model.inputs[0], model.outputs[0], opts.rowShape);
    return new GraphClassifier(model, classes, rowShape, opts);
  }

  get rowSize(): number {
    return this.rowShape.reduce((a, b) => a * b, 1);
  }

  async logits(x: Float32Array, rows: number): Promise<Float32Array> {
    const s = await this.session('logits', (b, xin) => [this.forward(b, xin)]);
    const out = new Float32Array(rows * this.classes);
    await this.chunks(rows, async (start, n) => {
      const r = await s.run({ x: this.rows(x, start, n) });
      out.set(r['out0']!.data as Float32Array, start * this.classes);
    });
    return out;
  }

  async lossGradient(x: Float32Array, y: Int32Array, loss: LossName, sign?: Float32Array): Promise<LossGradient> {
    const s = await this.session(`loss:${loss}`, (b, xin, g) => {
      const yin = g.addInput('y', { dtype: 'int64', shape: ['N'] });
      const w = g.addInput('w', { dtype: 'float32', shape: ['N'] });
      const logits = this.forward(b, xin);
      const l = buildLoss(b, loss, logits, yin);
      const [dx] = gradients(b, [l], [xin], { seeds: new Map([[l, w]]) });
      if (!dx) throw new GraphError('ATTACK_MODEL', `the loss does not depend on the input "${xin.name}", so it has no gradient to attack along; check that the model's output is computed from its input`, { input: xin.name });
      return [l, dx, logits];
    });
    const rows = y.length;
    const d = this.rowSize;
    const res = { loss: new Float32Array(rows), grad: new Float32Array(rows * d), logits: new Float32Array(rows * this.classes) };
    await this.chunks(rows, async (start, n) => {
      const w = sign ? sign.subarray(start, start + n) : new Float32Array(n).fill(1);
      const r = await s.run({ x: this.rows(x, start, n), y: tensor('int64', [n], y.subarray(start, start + n)), w: tensor('float32', [n], w) });
      res.loss.set(r['out0']!.data as Float32Array, start);
      res.grad.set(r['out1']!.data as Float32Array, start * d);
      res.logits.set(r['out2']!.data as Float32Array, start * this.classes);
    });
    return res;
  }

  async logitJacobian(x: Float32Array, rows: number): Promise<Float32Array[]> {
    const s = await this.session('jacobian', (b, xin, g) => {
      const seed = g.addInput('seed', { dtype: 'float32', shape: ['N', this.classes] });
      const logits = this.forward(b, xin);
      const [dx] = gradients(b, [logits], [xin], { seeds: new Map([[logits, seed]]) });
      if (!dx) throw new GraphError('ATTACK_MODEL', `the logits do not depend on the input "${xin.name}", so they have no gradient to attack along; check that the model's output is computed from its input`, { input: xin.name });
      return [dx];
    });
    const d = this.rowSize;
    const out = Array.from({ length: this.classes }, () => new Float32Array(rows * d));
    await this.chunks(rows, async (start, n) => {
      for (let c = 0; c < this.classes; c++) {
        const seed = new Float32Array(n * this.classes);
        for (let i = 0; i < n; i++) seed[i * this.classes + c] = 1;
        const r = await s.run({ x: this.rows(x, start, n), seed: tensor('float32', [n, this.classes], seed) });
        out[c]!.set(r['out0']!.data as Float32Array, start * d);
      }
    });
    return out;
  }

  /** Frees every compiled session. */
  async release(): Promise<void> {
    for (const s of this.sessions.values()) await (await s).release();
    this.sessions.clear();
  }

  private forward(b: Builder, xin: Value): Value {
    return inlineGraph(b, this.model, new Map([[this.model.inputs[0]!, xin]])).get(this.model.outputs[0]!)!;
  }

  private session(key: string, build: (b: Builder, x: Value, g: Graph) => Value[]): Promise<Session> {
    let s = this.sessions.get(key);
    if (!s) {
      const g = new Graph(`attack_${key.replace(':', '_')}`);
      const b = new Builder(g);
      const xin = g.addInput('x', { dtype: 'float32', shape: ['N', ...this.rowShape] });
      const outs = build(b, xin, g).map((v, i) => b.op1('Identity', [v], {}, { outputNames: [`out${i}`] }));
      g.setOutputs(...outs);
      s = Session.create(g, this.opts.session ?? {});
      this.sessions.set(key, s);
    }
    return s;
  }

  private rows(x: Float32Array, start: number, n: number): HostTensor {
    const d = this.rowSize;
    return { dtype: 'float32', shape: [n, ...this.rowShape], data: x.subarray(start * d, (start + n) * d) };
  }

  private async chunks(rows: number, fn: (start: number, n: number) => Promise<void>): Promise<void> {
    for (let s = 0; s < rows; s += this.batch) await fn(s, Math.min(this.batch, rows - s));
  }
}

const adapted = new WeakMap<Model, GraphClassifier>();

/**
 * What an attack runs on: a {@link Model} becomes its (shared, compiled-once) {@link GraphClassifier};
 * any other classifier is used as given.
 */
export function classifierOf<C extends Classifier>(model: C | Model): C | GraphClassifier {
  if (!(model instanceof Model)) return model;
  let c = adapted.get(model);
  if (!c) {
    c = GraphClassifier.fromModel(model);
    adapted.set(model, c);
  }
  return c;
}

/**
 * A model seen only through its outputs ({@link Model.predict}): what score-only attacks (Square,
 * HopSkipJump) run on. Works for every model, including one Keel cannot represent
 * ({@link Model.loadForInference}), which then runs on onnxruntime from the file's own bytes.
 *
 * @example `const r = await new SquareAttack(modelScores(await Model.loadForInference('m.onnx'))).perturb(x, y, { eps: 0.1 });`
 */
export function modelScores(model: Model, opts: Pick<ClassifierOptions, 'rowShape'> = {}): Classifier {
  const { classes, rowShape } = attackShape(model.input, model.output, opts.rowShape);
  return {
    classes,
    rowShape,
    logits: async (x, rows) => {
      const out = await model.predict(tensor('float32', [rows, ...rowShape], x));
      return out.data instanceof Float32Array ? out.data : Float32Array.from(out.data as ArrayLike<number>);
    },
  };
}

/**
 * What a score-only attack runs on: a model Keel cannot represent is queried through
 * {@link modelScores} (straight on onnxruntime); any other model as {@link classifierOf} gives it.
 */
export function scoresOf(model: Classifier | Model): Classifier {
  return model instanceof Model && model.inferenceOnly ? modelScores(model) : classifierOf(model);
}

/** Hides the gradients of a classifier: what a black-box attack is allowed to see. */
export function blackBox(model: Classifier): Classifier {
  return { classes: model.classes, rowShape: model.rowShape, logits: (x, rows) => model.logits(x, rows) };
}
