/**
 * Whether more data would help: the learning curve over growing fractions of the training rows.
 * @module
 */
import { Rng, type HostTensor } from '../core/index.js';
import { gatherRows } from './batches.js';
import type { EpochLogs } from './callback.js';
import { EarlyStopping } from './callbacks/early-stopping.js';
import { bestValEpoch } from './curve-figures.js';
import { fit, type FitOptions } from './fit.js';
import type { FitModel } from './fit-model.js';

/** The best validation epoch of a run and its validation metrics (null without validation). */
export interface BestEpoch {
  readonly epoch: number;
  readonly val_loss: number | null;
  readonly val_accuracy: number | null;
  readonly val_mae: number | null;
}

/** One fraction of the learning curve. */
export interface LearningCurvePoint extends BestEpoch {
  readonly fraction: number;
  readonly rows: number;
  readonly train_accuracy: number | null;
  readonly train_mae: number | null;
}

/** The learning curve as `keel train --learning-curve` writes it (learning-curve.json). */
export interface LearningCurve {
  readonly points: readonly LearningCurvePoint[];
  /** Null without validation data. */
  readonly more_data_helps: boolean | null;
  /** The rule `more_data_helps` applies, in words. */
  readonly rule: string;
}

/** Fit options of the extra runs (each gets early stopping of its own; no checkpoints). */
export type ExtraRunOptions = Omit<FitOptions, 'callbacks' | 'checkpointDir'>;

/**
 * The epoch with the lowest validation loss and its validation metrics.
 * @example `bestEpoch(fitResult.history).val_accuracy`
 */
export function bestEpoch(history: readonly EpochLogs[]): BestEpoch {
  const epoch = bestValEpoch(history);
  const b = epoch === null ? undefined : history.find((h, i) => (h['epoch'] ?? i + 1) === epoch);
  return { epoch: epoch ?? 0, val_loss: b?.['val_loss'] ?? null, val_accuracy: b?.['val_accuracy'] ?? null, val_mae: b?.['val_mae'] ?? null };
}

/**
 * Retrains a fresh model (from `build`) on 25/50/75/100% of the training rows (a seeded
 * permutation), each with early stopping restoring its best epoch, and says whether the best
 * validation score still improves from 75% to 100% of the rows (null without validation data,
 * when the runs train their full epochs).
 * @example `const lc = await learningCurve(() => modelFromSpec('mlp', { outputs: 3 }), x, y, { epochs: 20, validationData: val, seed: 0 });`
 */
export async function learningCurve(build: () => FitModel | Promise<FitModel>, x: HostTensor, y: HostTensor, o: ExtraRunOptions, onPoint?: (p: LearningCurvePoint) => void): Promise<LearningCurve> {
  const n = x.shape[0] ?? 0;
  const perm = Rng.derive(o.seed ?? 0, 'learning-curve').permutation(n);
  const validated = o.validationData !== undefined || (o.validationSplit ?? 0) > 0;
  const points: LearningCurvePoint[] = [];
  for (const fraction of [0.25, 0.5, 0.75, 1]) {
    const idx = perm.slice(0, Math.max(1, Math.round(n * fraction))).sort();
    const sw = o.sampleWeights;
    const r = await fit(await build(), gatherRows(x, idx), gatherRows(y, idx), { ...o, ...(sw ? { sampleWeights: Float32Array.from(idx, (i) => sw[i]!) } : {}), callbacks: validated ? [new EarlyStopping({ patience: 3, restoreBestWeights: true })] : [] });
    const last = r.history[r.history.length - 1];
    const point = { fraction, rows: idx.length, train_accuracy: last?.['accuracy'] ?? null, train_mae: last?.['mae'] ?? null, ...bestEpoch(r.history) };
    points.push(point);
    onPoint?.(point);
  }
  const regression = o.loss?.task === 'regression';
  const gain = regression ? (points[2]?.val_loss ?? 0) - (points[3]?.val_loss ?? 0) : (points[3]?.val_accuracy ?? 0) - (points[2]?.val_accuracy ?? 0);
  const moreDataHelps = validated ? (regression ? gain > 0.02 * (points[2]?.val_loss ?? 0) : gain > 0.005) : null;
  const rule = regression ? 'more data helps when the best validation loss falls by > 2% from 75% to 100% of the rows' : 'more data helps when best validation accuracy rises by > 0.5 points from 75% to 100% of the rows';
  return { points, more_data_helps: moreDataHelps, rule };
}
