import { join } from 'node:path';
import { DataError, UsageError, type HostTensor } from '../../core/index.js';
import { readNpy } from '../../io/index.js';
import { binaryCrossEntropyLoss, crossEntropyLoss, huberLoss, mseLoss, type Loss } from '../../nn/index.js';
import { adversarialObjective } from '../../robust/index.js';
import { AUGMENTATIONS, balancedClassWeights, EarlyStopping, HistoryLogger, LR_SCHEDULES, ModelCheckpoint, ProgressBar, ReduceLROnPlateau, withClassLabels, withWarmup, type Callback, type FitOptions } from '../../train/index.js';
import type { TrainingData as Dataset } from '../../data/index.js';
import type { TrainFitOptions } from './train-fit.js';

/** `--loss` names of `keel train`. */
export const TRAIN_LOSSES = ['cross-entropy', 'bce', 'mse', 'huber'] as const;
export type TrainLossName = (typeof TRAIN_LOSSES)[number];

/** Whether `--loss` makes a regression run (numeric targets, MSE/MAE instead of accuracy). */
export function isRegression(o: Pick<TrainFitOptions, 'loss'>): boolean {
  return o.loss === 'mse' || o.loss === 'huber';
}

/** The training loss of a `keel train` config. */
export function lossOf(o: TrainFitOptions, classes: number): Loss {
  switch (o.loss ?? 'cross-entropy') {
    case 'mse':
      return mseLoss();
    case 'huber':
      return huberLoss();
    case 'bce':
      if (classes !== 2) throw new UsageError('CLI_OPTION', `--loss bce needs exactly 2 classes, the data has ${classes}; use --loss cross-entropy`, { classes });
      return binaryCrossEntropyLoss();
    case 'cross-entropy':
      return crossEntropyLoss(o.labelSmoothing !== undefined ? { labelSmoothing: o.labelSmoothing } : {});
  }
}

/** Model outputs: one per class (one logit for bce), or the width of the regression target. */
export function outputsOf(o: TrainFitOptions, train: Dataset): number {
  if (isRegression(o)) return train.y.shape[1] ?? 1;
  return o.loss === 'bce' ? 1 : train.classes.length;
}

/** `--class-weights auto|w0,w1,...`: balanced weights from the training labels, or the list given. */
export function classWeightsOf(spec: string | undefined, train: Dataset): number[] | undefined {
  if (spec === undefined) return undefined;
  const classes = train.classes.length;
  if (spec === 'auto') return balancedClassWeights(train.y, classes);
  const w = spec.split(',').map(Number);
  if (w.length !== classes || w.some((v) => !Number.isFinite(v) || v < 0)) throw new UsageError('CLI_OPTION', `--class-weights: expected "auto" or ${classes} non-negative numbers (one per class: ${train.classes.join(', ')}), got "${spec}"`, { classes });
  return w;
}

/**
 * `--sample-weights FILE.npy`: one non-negative weight per row of the data file, split like the
 * rows (training part returned; `rows` are the training rows' source indices).
 */
export function sampleWeightsOf(file: string | undefined, total: number, rows: Int32Array): Float32Array | undefined {
  if (file === undefined) return undefined;
  const t: HostTensor = readNpy(file);
  if (t.shape.length !== 1 || t.shape[0] !== total) throw new DataError('WEIGHTS_LENGTH', `${file}: expected ${total} sample weights (one per data row) as a 1-D array, got shape [${t.shape.join(',')}]`, { file, expected: total });
  const w = Float32Array.from(t.data as ArrayLike<number>, Number);
  const bad = w.findIndex((v) => !Number.isFinite(v) || v < 0);
  if (bad >= 0) throw new DataError('WEIGHTS_RANGE', `${file}: row ${bad}: sample weight ${w[bad]} is not a finite number ≥ 0`, { file, row: bad });
  return Float32Array.from(rows, (i) => w[i]!);
}

/** `--adversarial pgd|trades --eps E [--attack-steps N]`: the attack compiled into the train step, inside the data's value box. */
export function objectiveOf(o: TrainFitOptions, x: HostTensor): Pick<FitOptions, 'objective'> {
  if (o.adversarial === undefined) return {};
  if ((o.loss ?? 'cross-entropy') !== 'cross-entropy') throw new UsageError('CLI_OPTION', `--adversarial trains on softmax cross-entropy; drop --loss ${o.loss ?? ''}`, { flag: '--adversarial' });
  if (o.eps === undefined) throw new UsageError('CLI_OPTION', '--adversarial needs --eps (the L∞ radius, in input units)', { flag: '--adversarial' });
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of x.data as Float32Array) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const attack = adversarialObjective({ method: o.adversarial, eps: o.eps, steps: o.attackSteps ?? 7, clip: [lo, hi], seed: o.seed });
  return { objective: withClassLabels(attack) };
}

/** `--schedule` with `--warmup` epochs of linear warmup in front. */
function scheduleOf(o: TrainFitOptions): Pick<FitOptions, 'schedule'> {
  const base = o.schedule && o.schedule !== 'constant' ? LR_SCHEDULES[o.schedule]() : undefined;
  const schedule = o.warmup !== undefined ? withWarmup(base, o.warmup) : base;
  return schedule ? { schedule } : {};
}

/** Fit options shared by the main run, --k-fold, --learning-curve and --auto-regularize. */
export function commonFitOptions(o: TrainFitOptions, train: Dataset, val: Dataset | undefined, weights: { classWeights?: number[] | undefined; sampleWeights?: Float32Array | undefined }): Omit<FitOptions, 'callbacks' | 'checkpointDir'> {
  return {
    epochs: o.epochs,
    batchSize: o.batchSize,
    optimizer: o.optimizer,
    ...(o.weightDecay !== undefined ? { weightDecay: o.weightDecay } : {}),
    lr: o.lr,
    seed: o.seed,
    shuffle: o.shuffle,
    loss: lossOf(o, train.classes.length),
    ...scheduleOf(o),
    ...(o.augment ? { augment: o.augment.split(',').map((a) => AUGMENTATIONS[a as keyof typeof AUGMENTATIONS]()) } : {}),
    ...(weights.classWeights ? { classWeights: weights.classWeights } : {}),
    ...(weights.sampleWeights ? { sampleWeights: weights.sampleWeights } : {}),
    ...objectiveOf(o, train.x),
    ...(val ? { validationData: val } : {}),
    source: { data: o.data, labels: o.labels ?? o.data },
  };
}

/** `--early-stopping P`: stop after P epochs without a better val_loss and restore the best epoch's weights (main run and --k-fold). */
export function earlyStoppingOf(o: Pick<TrainFitOptions, 'earlyStopping'>): EarlyStopping | undefined {
  return o.earlyStopping !== undefined ? new EarlyStopping({ patience: o.earlyStopping, restoreBestWeights: true }) : undefined;
}

/** The main run's callbacks, in hook order (fit itself stops on a non-finite loss): early stopping, LR on plateau, checkpoint, logs, progress. */
export function trainCallbacks(o: TrainFitOptions, rows: number): { callbacks: Callback[]; early: EarlyStopping | undefined } {
  const early = earlyStoppingOf(o);
  const callbacks: Callback[] = [
    ...(early ? [early] : []),
    ...(o.reduceLrOnPlateau !== undefined ? [new ReduceLROnPlateau({ patience: o.reduceLrOnPlateau, factor: o.lrFactor ?? 0.5 })] : []),
    ...(o.saveBest !== undefined ? [new ModelCheckpoint({ dir: o.out, monitor: o.saveBest, fileName: 'best.onnx' })] : []),
    new HistoryLogger(join(o.out, 'history.json')),
    ...(o.logCsv ? [new HistoryLogger(join(o.out, 'history.csv'))] : []),
    new ProgressBar(process.stderr, Math.ceil(rows / o.batchSize)),
  ];
  return { callbacks, early };
}
