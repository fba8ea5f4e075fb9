import { z } from 'zod';
import { UsageError } from '../core/index.js';
import { loadMnist } from '../datasets/index.js';
import { Sequential, dense, dropout, type Layer } from '../nn/index.js';
import { AdamW } from '../optim/index.js';
import { fit, rowSlice, type Callback } from '../train/index.js';
import { PruningCallback, type Trial } from '../tune/index.js';
import { readJsonFile } from '../io/index.js';

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
  const raw = readJsonFile(path, z.record(z.string(), z.unknown()), { code: 'TRAIN_CONFIG', what: 'the train-tuning config', fix: `give a JSON object with some of the keys ${Object.keys(DEFAULTS).join(', ')}` });
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
 * (maximize). One `fit` per trial; pruning is the tune module's {@link PruningCallback}.
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
    let result: TrainTrialResult = { valLoss: NaN, valAccuracy: NaN, epochs: 0 };
    const record: Callback = {
      name: 'trial_record',
      onEpochEnd: (epoch, logs) => {
        result = { valLoss: logs['val_loss'] ?? NaN, valAccuracy: 100 * (logs['val_accuracy'] ?? NaN), epochs: epoch };
        options.onEpoch?.(trial, result);
        trial.setUserAttr('val_accuracy', result.valAccuracy);
        trial.setUserAttr('epochs', epoch);
      },
    };
    const pruning = new PruningCallback(trial, { monitor: metric === 'loss' ? 'val_loss' : 'val_accuracy', scale: metric === 'loss' ? 1 : 100, lastEpoch: c.epochs });
    await fit(model, x, y, { epochs: c.epochs, batchSize, lr, optimizer: new AdamW({ weightDecay }), seed: c.seed * 7919 + trial.number, validationData: { x: vx, y: vy }, trainEvalRows: 0, callbacks: [record, pruning] });
    return metric === 'loss' ? result.valLoss : result.valAccuracy;
  };
}
