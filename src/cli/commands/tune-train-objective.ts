import { readFileSync } from 'node:fs';
import { Rng, UsageError, type HostTensor } from '../../core/index.js';
import { loadMnist } from '../../datasets/index.js';
import { Sequential, dense, dropout, softmaxCrossEntropy, type Layer } from '../../nn/index.js';
import { AdamW } from '../../optim/index.js';
import { Session, TrainStep } from '../../runtime/index.js';
import { accuracy, predictBatched, rowSlice, trainEpoch } from '../../train/index.js';
import type { Trial } from '../../tune/index.js';
import { TrialPruned } from '../../tune/index.js';

/** `keel tune --train-config FILE`: which data, how long, and the ranges to search. */
export interface TrainTuneConfig {
  /** Bundled data set (only 'mnist' for now). */
  readonly dataset: 'mnist';
  /** Training rows (the first rows of MNIST's training split). Default 2000. */
  readonly trainLimit: number;
  /** Validation rows (the rows after the training rows). Default 1000. */
  readonly valLimit: number;
  /** Epochs of a full (unpruned) trial; also the pruners' max resource. Default 6. */
  readonly epochs: number;
  /** Seed of weight init and shuffling (each trial adds its number). Default 0. */
  readonly seed: number;
  readonly lr: readonly [number, number];
  readonly batchSize: readonly number[];
  readonly width: readonly [number, number];
  readonly depth: readonly [number, number];
  readonly dropout: readonly [number, number];
  readonly weightDecay: readonly [number, number];
}

const DEFAULTS: TrainTuneConfig = {
  dataset: 'mnist', trainLimit: 2000, valLimit: 1000, epochs: 6, seed: 0,
  lr: [1e-4, 3e-2], batchSize: [32, 64, 128], width: [16, 256], depth: [1, 3], dropout: [0, 0.5], weightDecay: [1e-6, 1e-1],
};

/**
 * Reads and checks a train-tuning config; unknown keys and bad ranges are `TRAIN_CONFIG` usage errors.
 * @example `const config = readTrainTuneConfig('train.json');`
 */
export function readTrainTuneConfig(path: string): TrainTuneConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError('TRAIN_CONFIG', `Cannot read train config ${path}: ${(e as Error).message}`, { path }, { cause: e });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UsageError('TRAIN_CONFIG', `${path} must hold a JSON object.`, { path });
  const out: Record<string, unknown> = { ...DEFAULTS };
  for (const [k, v] of Object.entries(raw)) {
    if (!(k in DEFAULTS)) throw new UsageError('TRAIN_CONFIG', `${path}: unknown key "${k}"; known keys: ${Object.keys(DEFAULTS).join(', ')}.`, { path, key: k });
    const d = DEFAULTS[k as keyof TrainTuneConfig];
    const ok = Array.isArray(d)
      ? Array.isArray(v) && v.length >= (k === 'batchSize' ? 1 : 2) && v.every((n) => typeof n === 'number' && Number.isFinite(n)) && (k === 'batchSize' || (v as number[])[0]! <= (v as number[])[1]!)
      : typeof v === typeof d && (typeof v !== 'number' || (Number.isInteger(v) && v >= 0));
    if (!ok) throw new UsageError('TRAIN_CONFIG', `${path}: "${k}" must look like ${JSON.stringify(d)}, got ${JSON.stringify(v)}.`, { path, key: k });
    out[k] = v;
  }
  const c = out as unknown as TrainTuneConfig;
  if (c.dataset !== 'mnist') throw new UsageError('TRAIN_CONFIG', `${path}: dataset must be "mnist", got ${JSON.stringify(c.dataset)}.`, { path });
  if (c.epochs < 1 || c.trainLimit < 1 || c.valLimit < 1 || c.trainLimit + c.valLimit > 60000) {
    throw new UsageError('TRAIN_CONFIG', `${path}: need epochs ≥ 1, trainLimit ≥ 1, valLimit ≥ 1 and trainLimit + valLimit ≤ 60000.`, { path });
  }
  return Object.freeze(c);
}

/** The default config merged with `overrides` (for benchmarks and tests). */
export function trainTuneConfig(overrides: Partial<TrainTuneConfig> = {}): TrainTuneConfig {
  return Object.freeze({ ...DEFAULTS, ...overrides });
}

/** The values of {@link trainObjective}'s grid for `--sampler grid`. */
export function trainGridSearchSpace(c: TrainTuneConfig): Record<string, readonly number[]> {
  const mid = (r: readonly [number, number]): number => (r[0] + r[1]) / 2;
  return { lr: [c.lr[0], Math.sqrt(c.lr[0] * c.lr[1]), c.lr[1]], batchSize: c.batchSize, width: [c.width[0], c.width[1]], depth: [c.depth[0], c.depth[1]], dropout: [c.dropout[0], mid(c.dropout)], weightDecay: [c.weightDecay[0], c.weightDecay[1]] };
}

/** What one trial of {@link trainObjective} measured. */
export interface TrainTrialResult {
  readonly valLoss: number;
  readonly valAccuracy: number;
  readonly epochs: number;
}

/**
 * An objective that trains an MLP on bundled MNIST with AdamW (learning rate, batch size, width,
 * depth, dropout and weight decay suggested by the trial), reports the validation loss after
 * every epoch (step = epoch, 1-based) so pruners can stop it, and returns the final validation
 * loss (minimize). `metric: 'accuracy'` reports and returns validation accuracy in % instead
 * (maximize). Built directly on TrainStep + trainEpoch; one session per trial.
 *
 * @example
 * ```ts
 * await study.optimize(trainObjective(trainTuneConfig({ epochs: 3 })), { nTrials: 20 });
 * ```
 */
export function trainObjective(c: TrainTuneConfig, options: { readonly metric?: 'loss' | 'accuracy'; readonly onEpoch?: (trial: Trial, r: TrainTrialResult) => void } = {}): (trial: Trial) => Promise<number> {
  const data = loadMnist({ shape: 'flat', trainLimit: c.trainLimit + c.valLimit, testLimit: 1 }).train;
  const x = rowSlice(data.x, 0, c.trainLimit);
  const y = rowSlice(data.y, 0, c.trainLimit);
  const vx = rowSlice(data.x, c.trainLimit, c.valLimit);
  const vy = rowSlice(data.y, c.trainLimit, c.valLimit);
  const metric = options.metric ?? 'loss';
  return async (trial) => {
    const lr = trial.suggestFloat('lr', c.lr[0], c.lr[1], { log: true });
    const batchSize = trial.suggestCategorical('batchSize', c.batchSize);
    const width = trial.suggestInt('width', c.width[0], c.width[1], { log: true });
    const depth = trial.suggestInt('depth', c.depth[0], c.depth[1]);
    const rate = trial.suggestFloat('dropout', c.dropout[0], c.dropout[1]);
    const weightDecay = trial.suggestFloat('weightDecay', c.weightDecay[0], c.weightDecay[1], { log: true });
    const layers: Layer[] = [];
    for (let i = 0; i < depth; i++) layers.push(dense(width, { activation: 'relu' }), ...(rate > 0 ? [dropout(rate)] : []));
    layers.push(dense(10));
    const model = new Sequential(layers, { seed: c.seed + trial.number });
    const step = await TrainStep.compile({ model: model.graph({ inputShape: ['N', 784], training: rate > 0 }), loss: softmaxCrossEntropy, target: { dtype: 'int64', shape: ['N'] }, optimizer: new AdamW({ weightDecay }) });
    const rng = new Rng(c.seed * 7919 + trial.number);
    let result: TrainTrialResult = { valLoss: NaN, valAccuracy: NaN, epochs: 0 };
    try {
      for (let epoch = 1; epoch <= c.epochs; epoch++) {
        await trainEpoch(step, x, y, { batchSize, shuffle: true, lr: () => lr, rng });
        model.setWeights(step.weights());
        result = { ...(await evaluate(model, vx, vy)), epochs: epoch };
        options.onEpoch?.(trial, result);
        trial.setUserAttr('val_accuracy', result.valAccuracy);
        trial.setUserAttr('epochs', epoch);
        const value = metric === 'loss' ? result.valLoss : result.valAccuracy;
        await trial.report(value, epoch);
        if (epoch < c.epochs && trial.shouldPrune()) throw new TrialPruned(`Pruned after epoch ${epoch} (validation ${metric} ${value.toFixed(4)}).`);
      }
    } finally {
      await step.release();
    }
    return metric === 'loss' ? result.valLoss : result.valAccuracy;
  };
}

async function evaluate(model: Sequential, x: HostTensor, y: HostTensor): Promise<{ valLoss: number; valAccuracy: number }> {
  const session = await Session.create(model.graph({ inputShape: ['N', 784] }));
  try {
    const logits = await predictBatched(session, x);
    return { valLoss: meanCrossEntropy(logits, y), valAccuracy: 100 * accuracy(logits, y) };
  } finally {
    await session.release();
  }
}

function meanCrossEntropy(logits: HostTensor, labels: HostTensor): number {
  const n = logits.shape[0] ?? 0;
  const c = logits.data.length / Math.max(1, n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let j = 0; j < c; j++) max = Math.max(max, Number(logits.data[i * c + j]));
    let sum = 0;
    for (let j = 0; j < c; j++) sum += Math.exp(Number(logits.data[i * c + j]) - max);
    total += Math.log(sum) + max - Number(logits.data[i * c + Number(labels.data[i])]);
  }
  return total / Math.max(1, n);
}
