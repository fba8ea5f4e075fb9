import { join } from 'node:path';
import { DataError, Rng, UsageError, type HostTensor } from '../core/index.js';
import { crossEntropyLoss } from '../nn/index.js';
import { exportModel } from '../onnx/index.js';
import { gatherRows, stack } from './batches.js';
import type { EpochLogs, TrainContext, WeightSnapshot } from './callback.js';
import { fillNoise, scoreSets } from './fit-helpers.js';
import type { FitModel } from './fit-model.js';
import { FitStep } from './fit-step.js';
import type { FitOptions, FitResult } from './fit-options.js';
import { evaluateScores, packTargets, taskWidth } from './targets.js';
import { assertFiniteLoss, assertFiniteWeights } from './finite.js';
import { assertClassSet } from './class-set.js';
import { splitRows } from './split.js';
import { loadTrainState, saveTrainState } from './train-state.js';

export type { FitOptions, FitResult };

/**
 * Trains a Keel network or any graph (an imported ONNX model, a cut backbone with a new head) on
 * (x, y) with a loss or a compiled objective, frozen weights, validation, callbacks, checkpoints
 * and exact resume. Data order, dropout masks and augmentation of epoch e depend only on
 * (seed, e), so a run resumed from `checkpointDir` ends with the same weights and history as an
 * uninterrupted one. A graph is trained in place (its initializers hold the result).
 *
 * @example
 * ```ts
 * const model = modelFromSpec('mlp', { outputs: 10 });
 * const { history } = await fit(model, x, y, { epochs: 5, validationSplit: 0.1, callbacks: [new EarlyStopping()] });
 * ```
 */
export async function fit(model: FitModel, x: HostTensor, y: HostTensor, o: FitOptions): Promise<FitResult> {
  const fitter = await Fitter.create(model, x, o);
  try {
    return await fitter.run(x, y);
  } finally {
    await fitter.release();
  }
}

/**
 * {@link fit} compiled once and run many times (e.g. one model per fairness reweighting): `run`
 * trains from the current weights, `reset` returns to the weights it was created with.
 * @example
 * ```ts
 * const fitter = await Fitter.create(model, x, { epochs: 3 });
 * for (const w of weightings) { fitter.reset(); await fitter.run(x, y, w); }
 * await fitter.release();
 * ```
 */
export class Fitter {
  private constructor(
    private readonly step: FitStep,
    private readonly o: FitOptions,
    private readonly initial: WeightSnapshot,
  ) {}

  /** Compiles the training step of `model` for inputs shaped like `like` (one row or more). */
  static async create(model: FitModel, like: Pick<HostTensor, 'shape' | 'dtype'>, o: FitOptions): Promise<Fitter> {
    if (o.target && !o.objective) throw new UsageError('FIT_TARGET', 'fit: `target` feeds y to a custom objective as it is; give `objective` too (or drop `target` to use a loss)', {});
    if (o.target && o.augment?.length) throw new UsageError('FIT_TARGET', 'fit: augmentations need packed targets; drop `target` or `augment`', {});
    const step = await FitStep.create(model, ['N', ...like.shape.slice(1)], like.dtype, o);
    return new Fitter(step, o, step.snapshot());
  }

  /** The compiled training step as ONNX bytes (inspect it: frozen weights have no gradient nodes). */
  get onnx(): Uint8Array {
    return this.step.onnx;
  }

  /** Number of trained weights (frozen ones excluded). */
  get parameterCount(): number {
    return this.step.size;
  }

  /**
   * Where each trained weight sits in the flat `params` of a {@link WeightSnapshot}, by initializer name.
   * @example `const { offset, size } = fitter.layout().get('dense_1.weight')!;`
   */
  layout(): ReadonlyMap<string, { readonly offset: number; readonly size: number }> {
    return this.step.layout();
  }

  /** Back to the weights, optimizer state and step count the fitter was created with. */
  reset(): void {
    this.step.reset(this.initial);
  }

  async release(): Promise<void> {
    await this.step.release();
  }

  /** One training run; see {@link fit}. `sampleWeights` overrides the option of that name. */
  async run(x: HostTensor, y: HostTensor, sampleWeights?: Float32Array): Promise<FitResult> {
    const o = this.o;
    const fs = this.step;
    const loss = o.loss ?? crossEntropyLoss();
    const seed = o.seed ?? 0;
    const n = x.shape[0] ?? 0;
    if (n === 0) throw new DataError('DATA_EMPTY', `${o.source?.data ?? 'training data'}: no rows to train on`, {});
    if ((y.shape[0] ?? 0) !== n) throw new DataError('LABELS_LENGTH', `${o.source?.labels ?? 'labels'}: expected ${n} labels (one per row), got ${y.shape[0] ?? 0}`, { expected: n });
    let trainIdx: Int32Array = Int32Array.from({ length: n }, (_, i) => i);
    let val = o.validationData;
    if (!val && o.validationSplit !== undefined && o.validationSplit > 0) {
      const s = splitRows(n, o.validationSplit, seed, !o.target && loss.task === 'classification' ? y : undefined, o.source?.labels);
      trainIdx = s.train;
      val = { x: gatherRows(x, s.val), y: gatherRows(y, s.val) };
    }
    const outWidth = fs.outWidth;
    const width = taskWidth(loss, outWidth);
    if (!o.target && loss.task === 'classification') assertClassSet([{ y }], { file: o.source?.labels ?? 'labels', declared: loss.name === 'binary_cross_entropy' ? 2 : outWidth });
    const targets = o.target ? y : packTargets(loss, y, outWidth, o.classWeights, sampleWeights ?? o.sampleWeights, o.source?.labels);
    const callbacks = o.callbacks ?? [];
    const history: EpochLogs[] = [];
    const baseLr = o.lr ?? 1e-3;
    const bs = Math.min(o.batchSize ?? 32, trainIdx.length);
    const full = Math.floor(trainIdx.length / bs);
    const stepsPerEpoch = full + (trainIdx.length % bs > 0 ? 1 : 0);
    const total = stepsPerEpoch * o.epochs;
    const ctx: TrainContext = {
      epochs: o.epochs,
      history,
      stopTraining: false,
      lrScale: 1,
      snapshot: () => fs.snapshot(),
      restore: (s) => { fs.restore(s); },
      exportOnnx: () => exportModel(fs.inference()),
    };
    const frozenAt = (epoch: number): ReadonlySet<string> => {
      let set: ReadonlySet<string> | undefined;
      for (const c of callbacks) set = c.frozenAt?.(epoch) ?? set;
      return set ?? fs.baseFrozen;
    };
    for (const c of callbacks) await c.onTrainBegin?.(ctx);
    const ckptPath = o.checkpointDir ? join(o.checkpointDir, 'checkpoint.bin') : undefined;
    const saved = ckptPath ? loadTrainState(ckptPath) : undefined;
    let start = 1;
    if (saved) {
      await fs.freeze(frozenAt(saved.epoch));
      fs.load(saved, ckptPath ?? '');
      ctx.lrScale = saved.lrScale;
      ctx.stopTraining = saved.stopped;
      history.push(...saved.history);
      for (const c of callbacks) {
        const st = saved.callbacks[c.name];
        if (st) c.loadState?.(st);
      }
      start = saved.epoch + 1;
    }
    const evalRows = o.target ? 0 : Math.min(o.trainEvalRows ?? 2000, trainIdx.length);
    const evalIdx = Rng.derive(seed, 'fit', 'train-eval').permutation(trainIdx.length).subarray(0, evalRows).map((i) => trainIdx[i]!);
    const trainEval = { x: gatherRows(x, evalIdx), y: gatherRows(y, evalIdx) };
    const k = o.stepsPerCall ?? 16;
    let lastLr = baseLr;
    for (let epoch = start; epoch <= o.epochs && !ctx.stopTraining; epoch++) {
      await fs.freeze(frozenAt(epoch));
      for (const c of callbacks) await c.onEpochBegin?.(epoch, ctx);
      const rng = Rng.derive(seed, 'fit', 'epoch', epoch);
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
        for (const nz of fs.noise) feeds[nz.input.name] = fillNoise(rng, count, rows / count, nz.input.shape, nz.rate);
        const lrs = Array.from({ length: count }, (_, i) => (o.schedule ? o.schedule.lr(baseLr, fs.steps + i, stepsPerEpoch, total) : baseLr) * ctx.lrScale);
        const s0 = fs.steps;
        const losses = await fs.run(stack(xb, count), stack(tb, count), lrs, feeds);
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
      if (!o.target && (evalRows > 0 || val)) {
        const scores = await scoreSets(fs.inference(), [trainEval.x, ...(val ? [val.x] : [])]);
        const metrics = (prefix: string, m: ReturnType<typeof evaluateScores>): void => {
          for (const key of ['accuracy', 'mse', 'mae'] as const) if (m[key] !== undefined) logs[prefix + key] = m[key];
        };
        if (evalRows > 0) metrics('', evaluateScores(loss, scores[0]!, trainEval.y, outWidth));
        if (val) {
          const v = evaluateScores(loss, scores[1]!, val.y, outWidth);
          logs['val_loss'] = v.loss;
          metrics('val_', v);
        }
      }
      const entry = logs as EpochLogs;
      history.push(entry);
      for (const c of callbacks) await c.onEpochEnd?.(epoch, entry, ctx);
      if (ckptPath) {
        const cbs = Object.fromEntries(callbacks.flatMap((c) => (c.saveState ? [[c.name, c.saveState()]] : [])));
        saveTrainState(ckptPath, { ...fs.state(), epoch, lrScale: ctx.lrScale, stopped: ctx.stopTraining, history, callbacks: cbs });
      }
    }
    const stoppedEarly = ctx.stopTraining;
    for (const c of callbacks) await c.onTrainEnd?.(ctx);
    assertFiniteWeights(fs.snapshot().params, 'after training');
    fs.writeBack();
    return { history, resumedFrom: start - 1, stoppedEarly, weights: fs.snapshot() };
  }
}
