import { GraphError, UsageError, sizeOf, tensor, type HostTensor } from '../core/index.js';
import { fmtShape, isStatic, type Value } from '../ir/index.js';
import { exportModel } from '../onnx/index.js';
import { Session } from '../session/index.js';
import { stepGraph, type Slot, type StepPlan } from './step-graph.js';
import type { TrainStepOptions } from './step-options.js';
import { gatherBox, scatterBox, tapBoxes, zeroOutsideBox, type TapBox } from './tap-box.js';

/**
 * One compiled training graph: forward, backward and the optimizer update for K steps per
 * call, inside an ONNX `Loop` whose carried state is every trained weight and its optimizer state
 * (one tensor each; on the host they live in flat vectors, fed to onnxruntime as views). A call
 * with one step runs the same step body without the Loop (compiled on the first such call).
 * `run` writes the new weights, optimizer state and carried buffers into `params`, `state` and
 * `buffers` in place (copy them, e.g. with `slice()`, to keep a snapshot); assigning new vectors
 * to them is fine.
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
  /** The one-step form (no Loop), compiled on the first call with K = 1. */
  private single?: Promise<Session>;
  /**
   * Where onnxruntime writes each call's new weights, state and buffers (its preallocated outputs,
   * made once): fresh output arrays per call cost more in page faults than the copy into the host vectors.
   */
  private out?: { readonly params: Float32Array; readonly state: readonly Float32Array[]; readonly buffers: Float32Array };
  /** Where each tap-boxed weight's box is gathered for a call: one array per host vector (weights, then each state). */
  private readonly boxIn = new Map<Slot, Float32Array[]>();

  private constructor(
    private readonly plan: StepPlan,
    private readonly session: Session,
    public params: Float32Array,
    public state: Float32Array[],
    /** Flat values of the carried buffers (empty without {@link TrainStepOptions.carried}). */
    public buffers: Float32Array,
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
    const plan: StepPlan = { opts, slots, bufferSlots };
    const onnx = exportModel(stepGraph(plan, true));
    const session = await Session.fromBytes(onnx, opts.session ?? {});
    const params = new Float32Array(total);
    for (const s of slots) params.set(s.value.known!.data as Float32Array, s.offset);
    const buffers = new Float32Array(offset);
    for (const s of bufferSlots) buffers.set(s.value.known!.data as Float32Array, s.offset);
    return new TrainStep(plan, session, params, Array.from({ length: opts.optimizer.stateSize }, () => new Float32Array(total)), buffers, onnx);
  }

  private get slots(): readonly Slot[] {
    return this.plan.slots;
  }

  /**
   * Runs K = xs.shape[0] steps; `lrs` gives the learning rate of each. Returns the K losses.
   * `feeds` stacks [K, ...] values for the model's extra inputs (inputs after the first), by name.
   */
  async run(xs: HostTensor, ys: HostTensor, lrs: readonly number[], feeds: Readonly<Record<string, HostTensor>> = {}): Promise<{ losses: number[] }> {
    const k = xs.shape[0] ?? 0;
    if (lrs.length !== k) throw new UsageError('TRAIN_LRS', `expected ${k} learning rates (one per stacked batch), got ${lrs.length}`, { expected: k, actual: lrs.length });
    if (!this.boxesHold()) return this.runWhole(xs, ys, lrs, feeds);
    const session = k === 1 ? await (this.single ??= Session.fromBytes(exportModel(stepGraph(this.plan, false)), this.plan.opts.session ?? {})) : this.session;
    // Views into the flat vectors, not copies: onnxruntime reads them in place. A tap box is copied
    // out, into arrays made once (fresh ones per call cost page faults and garbage collection).
    const view = (flat: Float32Array, s: Slot, v: number): HostTensor => {
      if (!s.box) return { dtype: 'float32', shape: s.value.shape as number[], data: flat.subarray(s.offset, s.offset + s.size) };
      const into = this.boxIn.get(s) ?? [];
      this.boxIn.set(s, into);
      return { dtype: 'float32', shape: s.box.shape, data: gatherBox(flat, s.offset, s.box, (into[v] ??= new Float32Array(s.box.index.length))) };
    };
    const inputs: Record<string, HostTensor> = {
      step: tensor('float32', [], [this.steps]),
      xs,
      ys,
      lrs: tensor('float32', [k], lrs),
    };
    this.slots.forEach((s, i) => {
      inputs[`param${i}`] = view(this.params, s, 0);
      this.state.forEach((st, j) => (inputs[`state${j}_${i}`] = view(st, s, j + 1)));
    });
    for (const name of this.plan.opts.model.inputs.slice(1).map((v) => v.name)) {
      const f = feeds[name];
      if (!f) throw new UsageError('TRAIN_FEED', `the model input "${name}" needs a stacked [K, ...] feed in run(xs, ys, lrs, feeds)`, { name });
      inputs[`feed_${name}`] = f;
    }
    if (this.buffers.length > 0) inputs['buffers'] = tensor('float32', [this.buffers.length], this.buffers);
    // Both forms give their outputs in one order: weights, each state, step, buffers, losses.
    const names = session.outputNames;
    const out = (this.out ??= { params: new Float32Array(this.params.length), state: this.state.map((st) => new Float32Array(st.length)), buffers: new Float32Array(this.buffers.length) });
    const fetch: Record<string, HostTensor | null> = {};
    let o = 0;
    for (const vec of [out.params, ...out.state]) {
      for (const s of this.slots) fetch[names[o++]!] = { dtype: 'float32', shape: s.box?.shape ?? (s.value.shape as number[]), data: vec.subarray(s.offset, s.offset + (s.box?.index.length ?? s.size)) };
    }
    fetch[names[o++]!] = null;
    if (this.buffers.length > 0) fetch[names[o++]!] = { dtype: 'float32', shape: [out.buffers.length], data: out.buffers };
    const res = await session.run(inputs, { ...fetch, [names[o]!]: null });
    // Copied into the host vectors in place; entries outside a tap box stay as they are.
    const copy = (flat: Float32Array, from: Float32Array): void => {
      for (const s of this.slots) {
        if (s.box) scatterBox(flat, s.offset, s.box, from.subarray(s.offset, s.offset + s.box.index.length));
        else flat.set(from.subarray(s.offset, s.offset + s.size), s.offset);
      }
    };
    copy(this.params, out.params);
    this.state.forEach((st, j) => { copy(st, out.state[j]!); });
    this.buffers.set(out.buffers);
    for (const st of this.state) this.checked.add(st);
    this.steps += k;
    return { losses: Array.from(res[names[o]!]!.data, Number) };
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
    const whole = (this.whole ??= await TrainStep.build(this.plan.opts, false));
    Object.assign(whole, { params: this.params, state: this.state, buffers: this.buffers, steps: this.steps });
    const r = await whole.run(xs, ys, lrs, feeds);
    Object.assign(this, { params: whole.params, state: whole.state, buffers: whole.buffers, steps: whole.steps });
    return r;
  }

  /** Current weights (and carried buffers) by initializer name. */
  weights(): Map<string, HostTensor> {
    const view = (s: Slot, flat: Float32Array): [string, HostTensor] => [s.value.name, tensor('float32', s.value.shape as number[], flat.subarray(s.offset, s.offset + s.size))];
    return new Map([...this.slots.map((s) => view(s, this.params)), ...this.plan.bufferSlots.map((s) => view(s, this.buffers))]);
  }

  /** Where each trained weight sits in {@link TrainStep.params} (and in each optimizer state vector), by name. */
  layout(): ReadonlyMap<string, { readonly offset: number; readonly size: number }> {
    return new Map(this.slots.map((s) => [s.value.name, { offset: s.offset, size: s.size }]));
  }

  /** Writes the current weights into the model graph's initializers (for export or inference). */
  writeBack(): void {
    for (const s of this.slots) s.value.known = tensor('float32', s.value.shape as number[], this.params.slice(s.offset, s.offset + s.size));
    for (const s of this.plan.bufferSlots) s.value.known = tensor('float32', s.value.shape as number[], this.buffers.slice(s.offset, s.offset + s.size));
  }

  async release(): Promise<void> {
    await this.whole?.release();
    await this.session.release();
    await (await this.single)?.release();
  }
}
