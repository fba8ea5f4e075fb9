import { GraphError, tensor } from '../core/index.js';
import { gradients } from '../autodiff/index.js';
import { Graph, fmtShape, type TensorType, type Value } from '../ir/index.js';
import { Builder, inlineGraph, lowerSmallConv } from '../ops/index.js';
import { clipGradients } from '../optim/index.js';
import type { TrainStepOptions } from './step-options.js';
import type { TapBox } from './tap-box.js';

/** Where one trained weight (or carried buffer) sits in the host's flat vectors. */
export interface Slot {
  readonly value: Value;
  readonly offset: number;
  readonly size: number;
  /** Set when only this box of the filter is carried and updated (see tap-box.ts). */
  readonly box?: TapBox;
}

/** What a train step graph is built from. */
export interface StepPlan {
  readonly opts: TrainStepOptions;
  readonly slots: readonly Slot[];
  readonly bufferSlots: readonly Slot[];
}

/** The type of a trained weight as the step graph carries it (its tap box when it has one). */
export const slotType = (s: Slot): TensorType => ({ dtype: 'float32', shape: s.box?.shape ?? s.value.shape });

/** One step's inputs inside the graph: the weights, optimizer state, step count and carried buffers, and this step's batch. */
interface StepIn {
  readonly params: readonly Value[];
  readonly state: readonly (readonly Value[])[];
  readonly step: Value;
  readonly buffers: Value | undefined;
  readonly x: Value;
  readonly y: Value;
  readonly lr: Value;
  readonly feeds: readonly Value[];
}

/** One step's results: the updated weights, state, step count and buffers, and the loss (a scalar). */
interface StepOut {
  readonly carried: readonly Value[];
  readonly loss: Value;
}

/**
 * The training graph of a plan. Both forms take the same inputs (`param<i>`, `state<j>_<i>`,
 * `step`, `xs` [K, ...], `ys`, `lrs` [K], `buffers`, `feed_<name>`) and give the same outputs in the
 * same order (new weights, new state, new step count, new buffers, `losses` [K]); only the wrapper
 * around the one step body differs:
 * - `loop`: K steps per call inside an ONNX `Loop` whose carried values are the weights and state;
 * - otherwise exactly one step (K = 1) as a plain graph: no Loop copying its carried values in and
 *   out, so the updates can be written straight into the caller's output buffers.
 */
export function stepGraph(plan: StepPlan, loop: boolean): Graph {
  const { opts, slots } = plan;
  const x = opts.model.inputs[0]!;
  const bufVec: TensorType = { dtype: 'float32', shape: [plan.bufferSlots.reduce((n, s) => n + s.size, 0)] };
  const k = loop ? 'K' : 1;
  const g = new Graph('train_step');
  const b = new Builder(g);
  // One graph input per trained weight and per optimizer state of it: no Slice of a flat vector to
  // get the weights, no Concat of the gradients, one update per tensor.
  const carriedIn = (graph: Graph, suffix: string): Omit<StepIn, 'x' | 'y' | 'lr' | 'feeds'> => ({
    params: slots.map((s, i) => graph.addInput(`param${i}${suffix}`, slotType(s))),
    state: Array.from({ length: opts.optimizer.stateSize }, (_, j) => slots.map((s, i) => graph.addInput(`state${j}_${i}${suffix}`, slotType(s)))),
    step: graph.addInput(`step${suffix}`, { dtype: 'float32', shape: [] }),
    buffers: bufVec.shape[0] === 0 ? undefined : graph.addInput(`buffers${suffix}`, bufVec),
  });
  const outer = carriedIn(g, '');
  const xs = g.addInput('xs', { dtype: x.dtype, shape: [k, ...x.shape] });
  const ys = g.addInput('ys', { dtype: opts.target.dtype, shape: [k, ...opts.target.shape] });
  const lrs = g.addInput('lrs', { dtype: 'float32', shape: [k] });
  const feeds = opts.model.inputs.slice(1).map((v) => g.addInput(`feed_${v.name}`, { dtype: v.dtype, shape: [k, ...v.shape] }));
  if (!loop) {
    const one = (v: Value): Value => b.squeeze(v, [0]);
    const out = stepBody(b, plan, { ...outer, x: one(xs), y: one(ys), lr: one(lrs), feeds: feeds.map(one) });
    g.setOutputs(...distinct(b, [...out.carried, b.unsqueeze(out.loss, [0])]));
    return g;
  }
  const body = new Graph('step_body', g);
  const bb = new Builder(body);
  const iter = body.addInput('iter', { dtype: 'int64', shape: [] });
  const condIn = body.addInput('cond_in', { dtype: 'bool', shape: [] });
  const inner = carriedIn(body, '_in');
  const at = (v: Value): Value => bb.op1('Gather', [v, iter], { axis: 0 });
  const out = stepBody(bb, plan, { ...inner, x: at(xs), y: at(ys), lr: at(lrs), feeds: feeds.map(at) });
  body.setOutputs(bb.op1('Identity', [condIn]), ...out.carried, bb.op1('Identity', [out.loss]));
  const trip = b.squeeze(b.op1('Shape', [xs], { start: 0, end: 1 }), [0]);
  const cond = b.constant(tensor('bool', [], [1]));
  const carried = [...outer.params, ...outer.state.flat(), outer.step, ...(outer.buffers ? [outer.buffers] : [])];
  const outNames = [...slots.map((_, i) => `param${i}_out`), ...outer.state.flatMap((_, j) => slots.map((_, i) => `state${j}_${i}_out`)), 'step_out', ...(outer.buffers ? ['buffers_out'] : []), 'losses'];
  g.setOutputs(...b.op('Loop', [trip, cond, ...carried], { body }, { outputNames: outNames }));
  return g;
}

/** The step itself: forward, loss, gradients and the optimizer update, built once for both wrappers. */
function stepBody(bb: Builder, plan: StepPlan, io: StepIn): StepOut {
  const { opts, slots, bufferSlots } = plan;
  const { model } = opts;
  const x = model.inputs[0]!;
  const pred = model.outputs[0]!;
  const carried = opts.carried ?? [];
  const weightBind = new Map<Value, Value>(slots.map((s, i) => [s.value, io.params[i]!]));
  for (const s of bufferSlots) weightBind.set(s.value, bb.reshape(bb.op1('Slice', [io.buffers!, bb.ints([s.offset]), bb.ints([s.offset + s.size])]), s.value.shape as number[]));
  model.inputs.slice(1).forEach((v, i) => weightBind.set(v, io.feeds[i]!));
  let first: Map<Value, Value> | undefined;
  const forward = (input: Value): Value => {
    const map = inlineGraph(bb, model, new Map([...weightBind, [x, input]]), undefined, lowerSmallConv);
    first ??= map;
    return map.get(pred)!;
  };
  const stop = new Set<Value>();
  let loss = opts.objective
    ? opts.objective({ b: bb, x: io.x, y: io.y, forward, stopGradient: (v) => (stop.add(v), v) })
    : opts.loss(bb, forward(io.x), io.y);
  const firstMap = first ?? inlineGraph(bb, model, new Map([...weightBind, [x, io.x]]), undefined, lowerSmallConv);
  for (const p of opts.penalties ?? []) loss = bb.add(loss, firstMap.get(p)!);
  if (loss.rank !== 0) throw new GraphError('TRAIN_LOSS', `the loss must be a scalar, got shape ${fmtShape(loss.shape)}`, { shape: loss.shape });
  const raw = gradients(bb, [loss], io.params, { stop }).map((gv, i) => gv ?? bb.constant(tensor('float32', slotType(slots[i]!).shape as number[])));
  const grads = opts.clip ? clipGradients(bb, raw, opts.clip) : raw;
  const stepOut = bb.add(io.step, bb.scalar(1, 'float32'));
  const updates = slots.map((s, i) => {
    const scale = opts.lrScale?.(s.value) ?? 1;
    const lrOf = scale === 1 ? io.lr : bb.mul(io.lr, bb.scalar(scale, 'float32'));
    return opts.optimizer.update(bb, { params: io.params[i]!, grad: grads[i]!, state: io.state.map((st) => st[i]!), step: stepOut, lr: lrOf });
  });
  const next = carried.map((c) => bb.reshape(firstMap.get(c.next)!, [-1]));
  const bufOut = io.buffers ? [next.length === 1 ? next[0]! : bb.op1('Concat', next, { axis: 0 })] : [];
  const stateOut = io.state.flatMap((_, j) => updates.map((u) => u.state[j]!));
  return { carried: [...updates.map((u) => u.params), ...stateOut, stepOut, ...bufOut], loss };
}

/** Graph outputs must be distinct node results: an input or a value listed twice goes out through an Identity. */
function distinct(b: Builder, values: readonly Value[]): Value[] {
  const seen = new Set<Value>();
  return values.map((v) => {
    const copy = seen.has(v) || v.kind === 'input' || v.kind === 'initializer';
    seen.add(v);
    return copy ? b.op1('Identity', [v]) : v;
  });
}
