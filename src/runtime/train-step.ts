import { GraphError, UsageError, sizeOf, tensor, type HostTensor } from '../core/index.js';
import { gradients } from '../autodiff/index.js';
import { Graph, fmtShape, isStatic, type TensorType, type Value } from '../ir/index.js';
import { Builder, inlineGraph, lowerSmallConv } from '../ops/index.js';
import { exportModel } from '../onnx/index.js';
import { clipGradients, type ClipOptions, type Optimizer } from '../optim/index.js';
import { Session, type SessionOptions } from '../session/index.js';
import { gatherBox, scatterBox, tapBoxes, zeroOutsideBox, type TapBox } from './tap-box.js';

/** Builds a scalar loss from the model's prediction and the target batch. */
export type TrainLoss = (b: Builder, prediction: Value, target: Value) => Value;

/** What a custom {@link TrainStepOptions.objective} can use while building the loss. */
export interface ObjectiveContext {
  readonly b: Builder;
  /** The batch and its targets. */
  readonly x: Value;
  readonly y: Value;
  /** Applies the model (with the current weights) to any input value; can be called several times. */
  forward(input: Value): Value;
  /** Marks a value as a constant for the weight gradient (e.g. adversarial inputs built from the weights). */
  stopGradient(v: Value): Value;
}

/** Options for {@link TrainStep.compile}. */
export interface TrainStepOptions {
  /** The model: `inputs[0]` is the batch, `outputs[0]` the prediction. */
  readonly model: Graph;
  readonly loss: TrainLoss;
  /** Type of one target batch, e.g. `{ dtype: 'int64', shape: ['N'] }`. */
  readonly target: TensorType;
  readonly optimizer: Optimizer;
  /**
   * Replaces `loss(model(x), y)` by any scalar built from the model, e.g. adversarial training
   * (PGD-AT, TRADES) with the attack steps compiled into the training graph.
   */
  readonly objective?: (ctx: ObjectiveContext) => Value;
  readonly clip?: ClipOptions;
  /** Which initializers to train (default: every float initializer). */
  readonly trainable?: (v: Value) => boolean;
  readonly session?: SessionOptions;
  /**
   * Non-trained buffers carried from step to step (e.g. BatchNorm running statistics): `init` is
   * a float32 model initializer, `next` a model output of the same shape giving its value after
   * the step. Carried initializers are never trained; their values are in {@link TrainStep.buffers}.
   */
  readonly carried?: readonly CarriedBuffer[];
  /** Scalar model outputs added to the loss (e.g. L1/L2 weight penalties). */
  readonly penalties?: readonly Value[];
  /**
   * Learning-rate multiplier per trained weight (discriminative learning rates, default 1): that
   * weight's update uses `lr · scale`.
   */
  readonly lrScale?: (v: Value) => number;
}

/** A buffer carried through the training loop; see {@link TrainStepOptions.carried}. */
export interface CarriedBuffer {
  readonly init: Value;
  readonly next: Value;
}

interface Slot {
  readonly value: Value;
  readonly offset: number;
  readonly size: number;
  /** Set when only this box of the filter is carried and updated (see tap-box.ts). */
  readonly box?: TapBox;
}

/**
 * One compiled training graph: forward, backward and the optimizer update for K steps per
 * call, inside an ONNX `Loop` whose carried state is every trained weight and its optimizer state
 * (one tensor each; on the host they live in flat vectors, fed to onnxruntime as views).
 * `run` writes the new weights and optimizer state into `params` and `state` in place (copy them,
 * e.g. with `slice()`, to keep a snapshot); assigning new vectors to them is fine.
 * Batches come in stacked as [K, B, ...]; learning rates as [K] (so schedules stay on the host).
 *
 * @example
 * ```ts
 * const step = await TrainStep.compile({ model, loss: softmaxCrossEntropy, target: { dtype: 'int64', shape: ['N'] }, optimizer: new Sgd() });
 * const { losses } = await step.run(xs, ys, [0.05]);
 * ```
 */
export class TrainStep {
  /** Number of optimizer steps taken so far. */
  steps = 0;

  /** State vectors this step produced or checked: zero outside every tap box. */
  private readonly checked = new WeakSet<Float32Array>();
  /** The same step compiled over whole filters, used once some state is nonzero outside a tap box. */
  private whole?: TrainStep;

  private constructor(
    private readonly options: TrainStepOptions,
    private readonly session: Session,
    private readonly slots: readonly Slot[],
    public params: Float32Array,
    public state: Float32Array[],
    private readonly bufferSlots: readonly Slot[],
    /** Flat values of the carried buffers (empty without {@link TrainStepOptions.carried}). */
    public buffers: Float32Array,
    private readonly feedNames: readonly string[],
    /** The compiled training graph as ONNX bytes (runs unchanged on onnxruntime-web). */
    readonly onnx: Uint8Array,
  ) {}

  static async compile(opts: TrainStepOptions): Promise<TrainStep> {
    return TrainStep.build(opts, true);
  }

  /** `boxes`: carry only the used tap box of filters whose other taps never meet the input. */
  private static async build(opts: TrainStepOptions, boxes: boolean): Promise<TrainStep> {
    const { model } = opts;
    const x = model.inputs[0];
    const pred = model.outputs[0];
    if (!x || !pred) throw new GraphError('TRAIN_MODEL', `the model needs at least one input and one output to train, got ${model.inputs.length} input(s) and ${model.outputs.length} output(s)`, { actual: { inputs: model.inputs.length, outputs: model.outputs.length } });
    const carried = opts.carried ?? [];
    const carriedInits = new Set(carried.map((c) => c.init));
    const chosen = model.initializers.filter((v) => v.dtype === 'float32' && !carriedInits.has(v) && (opts.trainable?.(v) ?? true));
    if (chosen.length === 0) throw new GraphError('TRAIN_NO_PARAMS', `the model has no float32 weights to train (${model.initializers.length} initializer(s), none float32 and trainable); unfreeze some weights or train a model with float32 parameters`, { initializers: model.initializers.length });
    let offset = 0;
    const tapBox = boxes && opts.optimizer.idleWhenZero === true ? tapBoxes(model, chosen) : new Map<Value, TapBox>();
    const slots = chosen.map((value): Slot => {
      if (!isStatic(value.shape)) throw new GraphError('TRAIN_MODEL', `weight ${value.name} has a symbolic shape ${fmtShape(value.shape)}`, { weight: value.name, shape: value.shape });
      const box = tapBox.get(value);
      const slot = { value, offset, size: sizeOf(value.shape), ...(box ? { box } : {}) };
      offset += slot.size;
      return slot;
    });
    const total = offset;
    offset = 0;
    const bufferSlots = carried.map((c) => {
      if (!isStatic(c.init.shape) || c.init.dtype !== 'float32') throw new GraphError('TRAIN_MODEL', `carried buffer ${c.init.name} must be float32 with a static shape, got ${c.init.dtype} ${fmtShape(c.init.shape)}`, { buffer: c.init.name, actual: c.init.dtype, shape: c.init.shape });
      const slot = { value: c.init, offset, size: sizeOf(c.init.shape) };
      offset += slot.size;
      return slot;
    });
    const bufTotal = offset;
    const bufVec: TensorType = { dtype: 'float32', shape: [bufTotal] };
    const extra = model.inputs.slice(1);
    const g = new Graph('train_step');
    const b = new Builder(g);
    // One graph input (and Loop-carried value) per trained weight and per optimizer state of it:
    // no Slice of a flat vector to get the weights, no Concat of the gradients, one update per tensor.
    const typeOf = (s: Slot): TensorType => ({ dtype: 'float32', shape: s.box?.shape ?? s.value.shape });
    const nState = opts.optimizer.stateSize;
    const pIn = slots.map((s, i) => g.addInput(`param${i}`, typeOf(s)));
    const sIn = Array.from({ length: nState }, (_, j) => slots.map((s, i) => g.addInput(`state${j}_${i}`, typeOf(s))));
    const tIn = g.addInput('step', { dtype: 'float32', shape: [] });
    const xs = g.addInput('xs', { dtype: x.dtype, shape: ['K', ...x.shape] });
    const ys = g.addInput('ys', { dtype: opts.target.dtype, shape: ['K', ...opts.target.shape] });
    const lrs = g.addInput('lrs', { dtype: 'float32', shape: ['K'] });
    const bIn = bufTotal > 0 ? g.addInput('buffers', bufVec) : undefined;
    const feeds = extra.map((v) => g.addInput(`feed_${v.name}`, { dtype: v.dtype, shape: ['K', ...v.shape] }));

    const body = new Graph('step_body', g);
    const bb = new Builder(body);
    const iter = body.addInput('iter', { dtype: 'int64', shape: [] });
    const condIn = body.addInput('cond_in', { dtype: 'bool', shape: [] });
    const pBody = slots.map((s, i) => body.addInput(`param${i}_in`, typeOf(s)));
    const sBody = sIn.map((_, j) => slots.map((s, i) => body.addInput(`state${j}_${i}_in`, typeOf(s))));
    const tBody = body.addInput('step_in', { dtype: 'float32', shape: [] });
    const bBody = bIn ? body.addInput('buffers_in', bufVec) : undefined;
    const xb = bb.op1('Gather', [xs, iter], { axis: 0 });
    const yb = bb.op1('Gather', [ys, iter], { axis: 0 });
    const lr = bb.op1('Gather', [lrs, iter], { axis: 0 });
    const weightBind = new Map<Value, Value>(slots.map((s, i) => [s.value, pBody[i]!]));
    for (const s of bufferSlots) weightBind.set(s.value, bb.reshape(bb.op1('Slice', [bBody!, bb.ints([s.offset]), bb.ints([s.offset + s.size])]), s.value.shape as number[]));
    extra.forEach((v, i) => weightBind.set(v, bb.op1('Gather', [feeds[i]!, iter], { axis: 0 })));
    let first: Map<Value, Value> | undefined;
    const forward = (input: Value): Value => {
      const map = inlineGraph(bb, model, new Map([...weightBind, [x, input]]), undefined, lowerSmallConv);
      first ??= map;
      return map.get(pred)!;
    };
    const stop = new Set<Value>();
    let loss = opts.objective
      ? opts.objective({ b: bb, x: xb, y: yb, forward, stopGradient: (v) => (stop.add(v), v) })
      : opts.loss(bb, forward(xb), yb);
    const firstMap = first ?? inlineGraph(bb, model, new Map([...weightBind, [x, xb]]), undefined, lowerSmallConv);
    for (const p of opts.penalties ?? []) loss = bb.add(loss, firstMap.get(p)!);
    if (loss.rank !== 0) throw new GraphError('TRAIN_LOSS', `the loss must be a scalar, got shape ${fmtShape(loss.shape)}`, { shape: loss.shape });
    const raw = gradients(bb, [loss], pBody, { stop }).map((gv, i) => gv ?? bb.constant(tensor('float32', typeOf(slots[i]!).shape as number[])));
    const grads = opts.clip ? clipGradients(bb, raw, opts.clip) : raw;
    const stepOut = bb.add(tBody, bb.scalar(1, 'float32'));
    const updates = slots.map((s, i) => {
      const scale = opts.lrScale?.(s.value) ?? 1;
      const lrOf = scale === 1 ? lr : bb.mul(lr, bb.scalar(scale, 'float32'));
      return opts.optimizer.update(bb, { params: pBody[i]!, grad: grads[i]!, state: sBody.map((st) => st[i]!), step: stepOut, lr: lrOf });
    });
    const bufOut = bBody ? [carried.length === 1 ? bb.reshape(firstMap.get(carried[0]!.next)!, [-1]) : bb.op1('Concat', carried.map((c) => bb.reshape(firstMap.get(c.next)!, [-1])), { axis: 0 })] : [];
    const stateOut = sIn.flatMap((_, j) => updates.map((u) => u.state[j]!));
    body.setOutputs(bb.op1('Identity', [condIn]), ...updates.map((u) => u.params), ...stateOut, stepOut, ...bufOut, bb.op1('Identity', [loss]));

    const trip = b.squeeze(b.op1('Shape', [xs], { start: 0, end: 1 }), [0]);
    const cond = b.constant(tensor('bool', [], [1]));
    const bufNames = bIn ? ['buffers_out'] : [];
    const outNames = [...slots.map((_, i) => `param${i}_out`), ...sIn.flatMap((_, j) => slots.map((_, i) => `state${j}_${i}_out`)), 'step_out', ...bufNames, 'losses'];
    const outs = b.op('Loop', [trip, cond, ...pIn, ...sIn.flat(), tIn, ...(bIn ? [bIn] : [])], { body }, { outputNames: outNames });
    g.setOutputs(...outs);
    const onnx = exportModel(g);
    const session = await Session.fromBytes(onnx, opts.session ?? {});
    const params = new Float32Array(total);
    for (const s of slots) params.set(s.value.known!.data as Float32Array, s.offset);
    const buffers = new Float32Array(bufTotal);
    for (const s of bufferSlots) buffers.set(s.value.known!.data as Float32Array, s.offset);
    return new TrainStep(opts, session, slots, params, sIn.map(() => new Float32Array(total)), bufferSlots, buffers, extra.map((v) => v.name), onnx);
  }

  /**
   * Runs K = xs.shape[0] steps; `lrs` gives the learning rate of each. Returns the K losses.
   * `feeds` stacks [K, ...] values for the model's extra inputs (inputs after the first), by name.
   */
  async run(xs: HostTensor, ys: HostTensor, lrs: readonly number[], feeds: Readonly<Record<string, HostTensor>> = {}): Promise<{ losses: number[] }> {
    const k = xs.shape[0] ?? 0;
    if (lrs.length !== k) throw new UsageError('TRAIN_LRS', `expected ${k} learning rates (one per stacked batch), got ${lrs.length}`, { expected: k, actual: lrs.length });
    if (!this.boxesHold()) return this.runWhole(xs, ys, lrs, feeds);
    // Views into the flat vectors, not copies: onnxruntime reads them in place (a tap box is copied out).
    const view = (flat: Float32Array, s: Slot): HostTensor =>
      s.box ? { dtype: 'float32', shape: s.box.shape, data: gatherBox(flat, s.offset, s.box) } : { dtype: 'float32', shape: s.value.shape as number[], data: flat.subarray(s.offset, s.offset + s.size) };
    const inputs: Record<string, HostTensor> = {
      step: tensor('float32', [], [this.steps]),
      xs,
      ys,
      lrs: tensor('float32', [k], lrs),
    };
    this.slots.forEach((s, i) => {
      inputs[`param${i}`] = view(this.params, s);
      this.state.forEach((st, j) => (inputs[`state${j}_${i}`] = view(st, s)));
    });
    for (const name of this.feedNames) {
      const f = feeds[name];
      if (!f) throw new UsageError('TRAIN_FEED', `the model input "${name}" needs a stacked [K, ...] feed in run(xs, ys, lrs, feeds)`, { name });
      inputs[`feed_${name}`] = f;
    }
    if (this.buffers.length > 0) inputs['buffers'] = tensor('float32', [this.buffers.length], this.buffers);
    const out = await this.session.run(inputs);
    // Written into the flat vectors in place: a fresh 45 MB vector per call (ResNet-18) cost more
    // CPU time in page faults than the copy itself. Entries outside a tap box stay as they are.
    const update = (flat: Float32Array, name: (i: number) => string): void => {
      this.slots.forEach((s, i) => {
        const data = out[name(i)]!.data as Float32Array;
        if (s.box) scatterBox(flat, s.offset, s.box, data);
        else flat.set(data, s.offset);
      });
    };
    if (this.buffers.length > 0) this.buffers = out['buffers_out']!.data as Float32Array;
    update(this.params, (i) => `param${i}_out`);
    this.state.forEach((st, j) => { update(st, (i) => `state${j}_${i}_out`); });
    for (const st of this.state) this.checked.add(st);
    this.steps += k;
    return { losses: Array.from(out['losses']!.data, Number) };
  }

  /**
   * Whether every optimizer state vector is zero outside the tap boxes, as this step leaves it
   * (a state set from outside, e.g. a checkpoint of another setup, is checked once).
   */
  private boxesHold(): boolean {
    if (this.whole) return false;
    const boxed = this.slots.filter((s) => s.box);
    if (boxed.length === 0) return true;
    for (const st of this.state) {
      if (this.checked.has(st)) continue;
      if (!boxed.every((s) => zeroOutsideBox(st, s.offset, s.size, s.box!))) return false;
      this.checked.add(st);
    }
    return true;
  }

  /** Runs on the whole-filter compilation of the same step (built once), sharing this step's vectors. */
  private async runWhole(xs: HostTensor, ys: HostTensor, lrs: readonly number[], feeds: Readonly<Record<string, HostTensor>>): Promise<{ losses: number[] }> {
    const whole = (this.whole ??= await TrainStep.build(this.options, false));
    Object.assign(whole, { params: this.params, state: this.state, buffers: this.buffers, steps: this.steps });
    const r = await whole.run(xs, ys, lrs, feeds);
    Object.assign(this, { params: whole.params, state: whole.state, buffers: whole.buffers, steps: whole.steps });
    return r;
  }

  /** Current weights (and carried buffers) by initializer name. */
  weights(): Map<string, HostTensor> {
    const view = (s: Slot, flat: Float32Array): [string, HostTensor] => [s.value.name, tensor('float32', s.value.shape as number[], flat.subarray(s.offset, s.offset + s.size))];
    return new Map([...this.slots.map((s) => view(s, this.params)), ...this.bufferSlots.map((s) => view(s, this.buffers))]);
  }

  /** Where each trained weight sits in {@link TrainStep.params} (and in each optimizer state vector), by name. */
  layout(): ReadonlyMap<string, { readonly offset: number; readonly size: number }> {
    return new Map(this.slots.map((s) => [s.value.name, { offset: s.offset, size: s.size }]));
  }

  /** Writes the current weights into the model graph's initializers (for export or inference). */
  writeBack(): void {
    for (const s of this.slots) s.value.known = tensor('float32', s.value.shape as number[], this.params.slice(s.offset, s.offset + s.size));
    for (const s of this.bufferSlots) s.value.known = tensor('float32', s.value.shape as number[], this.buffers.slice(s.offset, s.offset + s.size));
  }

  async release(): Promise<void> {
    await this.whole?.release();
    await this.session.release();
  }
}
