import { join } from 'node:path';
import { DataError, Rng, UsageError, type HostTensor } from '../core/index.js';
import { crossEntropyLoss, type Loss, type Network } from '../nn/index.js';
import { exportModel } from '../onnx/index.js';
import { OPTIMIZERS, type Optimizer, type OptimizerName } from '../optim/index.js';
import type { Value } from '../ir/index.js';
import { Session, TrainStep, type ObjectiveContext } from '../runtime/index.js';
import type { Augmentation } from './augment.js';
import { gatherRows, stack } from './batches.js';
import type { Callback, EpochLogs, TrainContext, WeightSnapshot } from './callback.js';
import type { LrSchedule } from './lr-schedule.js';
import { evaluateScores, packTargets, taskWidth } from './targets.js';
import { assertFiniteLoss, assertFiniteWeights } from './finite.js';
import { predictBatched } from './predict.js';
import { splitRows } from './split.js';
import { loadTrainState, saveTrainState } from './train-state.js';

/** Options for {@link fit}. */
export interface FitOptions {
  readonly epochs: number;
  readonly batchSize?: number;
  readonly optimizer?: Optimizer | OptimizerName;
  /** Base learning rate (default 1e-3). */
  readonly lr?: number;
  readonly schedule?: LrSchedule;
  /** Default: softmax cross-entropy. */
  readonly loss?: Loss;
  /** Per-class loss weights (classification). */
  readonly classWeights?: readonly number[];
  /** Per-row loss weights. */
  readonly sampleWeights?: Float32Array;
  /** Hold out this fraction (stratified for classification) unless `validationData` is given. */
  readonly validationSplit?: number;
  readonly validationData?: { readonly x: HostTensor; readonly y: HostTensor };
  readonly seed?: number;
  readonly shuffle?: boolean;
  readonly callbacks?: readonly Callback[];
  readonly augment?: readonly Augmentation[];
  /** Optimizer steps per runtime call (default 16). */
  readonly stepsPerCall?: number;
  /** Training rows (seeded sample) scored in inference mode for `accuracy` each epoch (default 2000). */
  readonly trainEvalRows?: number;
  /**
   * Replaces the loss by any scalar built from the model (see `TrainStep`'s `objective`), e.g.
   * adversarial training with the attack compiled into the step. Its `y` is the packed target
   * [N, W] of {@link Loss}; wrap label-based objectives with {@link withClassLabels}.
   */
  readonly objective?: (ctx: ObjectiveContext) => Value;
  /** Write `checkpoint.bin` here after every epoch, and resume from it when present. */
  readonly checkpointDir?: string;
  /** File names for error messages. */
  readonly source?: { readonly data?: string; readonly labels?: string };
}

/** What {@link fit} returns. */
export interface FitResult {
  readonly history: EpochLogs[];
  /** The epoch training resumed after (0 for a fresh run). */
  readonly resumedFrom: number;
  readonly stoppedEarly: boolean;
  /** Final flat weights (after any restore of best weights). */
  readonly weights: WeightSnapshot;
}

/** Seed of epoch `e`'s shuffle, dropout and augmentation streams: a pure function of (seed, epoch). */
export function epochSeed(seed: number, epoch: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(epoch, 0xc2b2ae35)) >>> 0;
}

function fillNoise(rng: Rng, k: number, b: number, shape: readonly (number | string)[], rate: number): HostTensor {
  const row = shape.slice(1).reduce<number>((p, d) => p * (typeof d === 'number' ? d : 1), 1);
  const data = new Float32Array(k * b * row);
  const keep = 1 / (1 - rate);
  for (let i = 0; i < data.length; i++) data[i] = rng.uniform() < rate ? 0 : keep;
  return { dtype: 'float32', shape: [k, b, ...shape.slice(1).map(Number)], data };
}

/**
 * Trains a network on (x, y) with validation, callbacks, checkpoints and exact resume. Data order,
 * dropout masks and augmentation of epoch e depend only on (seed, e), so a run resumed from
 * `checkpointDir` ends with the same weights and history as an uninterrupted one.
 *
 * @example
 * ```ts
 * const model = modelFromSpec('mlp', { outputs: 10 });
 * const { history } = await fit(model, x, y, { epochs: 5, validationSplit: 0.1, callbacks: [new EarlyStopping()] });
 * ```
 */
export async function fit(net: Network, x: HostTensor, y: HostTensor, o: FitOptions): Promise<FitResult> {
  const loss = o.loss ?? crossEntropyLoss();
  const seed = o.seed ?? 0;
  const n = x.shape[0] ?? 0;
  if (n === 0) throw new DataError('DATA_EMPTY', `${o.source?.data ?? 'training data'}: no rows to train on`, {});
  if ((y.shape[0] ?? 0) !== n) throw new DataError('LABELS_LENGTH', `${o.source?.labels ?? 'labels'}: expected ${n} labels (one per row), got ${y.shape[0] ?? 0}`, { expected: n });
  let trainIdx: Int32Array = Int32Array.from({ length: n }, (_, i) => i);
  let val = o.validationData;
  if (!val && o.validationSplit !== undefined && o.validationSplit > 0) {
    const s = splitRows(n, o.validationSplit, seed, loss.task === 'classification' ? y : undefined, o.source?.labels);
    trainIdx = s.train;
    val = { x: gatherRows(x, s.val), y: gatherRows(y, s.val) };
  }
  const inputShape = ['N', ...x.shape.slice(1)];
  const tg = net.trainingGraph({ inputShape, inputDtype: x.dtype, hostNoise: true });
  const outWidth = Number(tg.graph.outputs[0]!.shape[1] ?? 1);
  const width = taskWidth(loss, outWidth);
  const targets = packTargets(loss, y, outWidth, o.classWeights, o.sampleWeights, o.source?.labels);
  const optimizer = typeof o.optimizer === 'object' ? o.optimizer : OPTIMIZERS[o.optimizer ?? 'adam']();
  const step = await TrainStep.compile({ model: tg.graph, loss: (b, p, t) => loss.build(b, p, t), target: { dtype: 'float32', shape: ['N', width] }, optimizer, carried: tg.carried, penalties: tg.penalties, ...(o.objective ? { objective: o.objective } : {}) });
  const callbacks = o.callbacks ?? [];
  const history: EpochLogs[] = [];
  const baseLr = o.lr ?? 1e-3;
  const bs = Math.min(o.batchSize ?? 32, trainIdx.length);
  const full = Math.floor(trainIdx.length / bs);
  const stepsPerEpoch = full + (trainIdx.length % bs > 0 ? 1 : 0);
  const total = stepsPerEpoch * o.epochs;
  const weightsOf = (s: WeightSnapshot): Map<string, HostTensor> => {
    const saved = [step.params, step.buffers];
    step.params = s.params;
    step.buffers = s.buffers;
    const w = step.weights();
    [step.params, step.buffers] = saved as [Float32Array, Float32Array];
    return w;
  };
  const ctx: TrainContext = {
    epochs: o.epochs,
    history,
    stopTraining: false,
    lrScale: 1,
    snapshot: () => ({ params: step.params.slice(), buffers: step.buffers.slice() }),
    restore: (s) => {
      step.params = s.params.slice();
      step.buffers = s.buffers.slice();
    },
    exportOnnx: () => {
      net.setWeights(weightsOf({ params: step.params, buffers: step.buffers }));
      return exportModel(net.graph({ inputShape, inputDtype: x.dtype }));
    },
  };
  for (const c of callbacks) await c.onTrainBegin?.(ctx);
  const ckptPath = o.checkpointDir ? join(o.checkpointDir, 'checkpoint.bin') : undefined;
  const saved = ckptPath ? loadTrainState(ckptPath) : undefined;
  let start = 1;
  if (saved) {
    if (saved.params.length !== step.params.length) throw new UsageError('CHECKPOINT_MISMATCH', `${ckptPath ?? ''}: the checkpoint has ${saved.params.length} weights, the model ${step.params.length}; resume with the same model and options`, {});
    step.params = saved.params;
    step.state = [...saved.optimizer];
    step.buffers = saved.buffers;
    step.steps = saved.steps;
    ctx.lrScale = saved.lrScale;
    ctx.stopTraining = saved.stopped;
    history.push(...saved.history);
    for (const c of callbacks) {
      const st = saved.callbacks[c.name];
      if (st) c.loadState?.(st);
    }
    start = saved.epoch + 1;
  }
  const evalRows = Math.min(o.trainEvalRows ?? 2000, trainIdx.length);
  const evalIdx = new Rng(seed ^ 0xa5a5).permutation(trainIdx.length).subarray(0, evalRows).map((i) => trainIdx[i]!);
  const trainEval = { x: gatherRows(x, evalIdx), y: gatherRows(y, evalIdx) };
  const k = o.stepsPerCall ?? 16;
  let lastLr = baseLr;
  for (let epoch = start; epoch <= o.epochs && !ctx.stopTraining; epoch++) {
    for (const c of callbacks) await c.onEpochBegin?.(epoch, ctx);
    const rng = new Rng(epochSeed(seed, epoch));
    const order = o.shuffle === false ? trainIdx : rng.permutation(trainIdx.length).map((i) => trainIdx[i]!);
    let sum = 0;
    let seen = 0;
    for (let first = 0; first < stepsPerEpoch && !ctx.stopTraining; ) {
      const count = first < full ? Math.min(k, full - first) : 1;
      const rows = first < full ? count * bs : trainIdx.length - full * bs;
      const xb = gatherRows(x, order, first * bs, rows);
      const tb = gatherRows(targets, order, first * bs, rows);
      for (const a of o.augment ?? []) a.apply({ x: xb, targets: tb.data as Float32Array, width, task: loss.task }, rng);
      const feeds: Record<string, HostTensor> = {};
      for (const nz of tg.noise) feeds[nz.input.name] = fillNoise(rng, count, rows / count, nz.input.shape, nz.rate);
      const lrs = Array.from({ length: count }, (_, i) => (o.schedule ? o.schedule.lr(baseLr, step.steps + i, stepsPerEpoch, total) : baseLr) * ctx.lrScale);
      const s0 = step.steps;
      const { losses } = await step.run(stack(xb, count), stack(tb, count), lrs, feeds);
      for (let i = 0; i < losses.length; i++) {
        assertFiniteLoss(losses[i]!, { epoch, batch: first + i + 1 });
        sum += losses[i]! * (rows / count);
        seen += rows / count;
        lastLr = lrs[i]!;
        for (const c of callbacks) await c.onBatchEnd?.(s0 + i, { loss: losses[i]!, lr: lrs[i]! }, ctx);
      }
      first += count;
    }
    const logs: Record<string, number> = { epoch, loss: sum / Math.max(1, seen), lr: lastLr };
    const scores = await scoreSets(net, step, inputShape, x.dtype, [trainEval.x, ...(val ? [val.x] : [])]);
    const metrics = (prefix: string, m: ReturnType<typeof evaluateScores>): void => {
      for (const key of ['accuracy', 'mse', 'mae'] as const) if (m[key] !== undefined) logs[prefix + key] = m[key];
    };
    metrics('', evaluateScores(loss, scores[0]!, trainEval.y, outWidth));
    if (val) {
      const v = evaluateScores(loss, scores[1]!, val.y, outWidth);
      logs['val_loss'] = v.loss;
      metrics('val_', v);
    }
    const entry = logs as EpochLogs;
    history.push(entry);
    for (const c of callbacks) await c.onEpochEnd?.(epoch, entry, ctx);
    if (ckptPath) {
      const cbs = Object.fromEntries(callbacks.flatMap((c) => (c.saveState ? [[c.name, c.saveState()]] : [])));
      saveTrainState(ckptPath, { epoch, steps: step.steps, lrScale: ctx.lrScale, stopped: ctx.stopTraining, history, params: step.params, optimizer: step.state, buffers: step.buffers, callbacks: cbs });
    }
  }
  const stoppedEarly = ctx.stopTraining;
  for (const c of callbacks) await c.onTrainEnd?.(ctx);
  assertFiniteWeights(step.params, 'after training');
  net.setWeights(step.weights());
  const weights = ctx.snapshot();
  await step.release();
  return { history, resumedFrom: start - 1, stoppedEarly, weights };
}

/** Runs the inference graph with the step's current weights over several inputs. */
async function scoreSets(net: Network, step: TrainStep, inputShape: (string | number)[], dtype: HostTensor['dtype'], xs: readonly HostTensor[]): Promise<HostTensor[]> {
  net.setWeights(step.weights());
  const session = await Session.create(net.graph({ inputShape, inputDtype: dtype }));
  try {
    const out: HostTensor[] = [];
    for (const x of xs) out.push(await predictBatched(session, x));
    return out;
  } finally {
    await session.release();
  }
}
