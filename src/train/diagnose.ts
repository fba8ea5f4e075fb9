import type { EpochLogs } from './callback.js';

/** The four fit verdicts. */
export type Verdict = 'underfit' | 'overfit' | 'good_fit' | 'not_converged';

/** Baselines the training accuracy is compared with. */
export interface Baselines {
  /** Accuracy of always predicting the most frequent training class. */
  readonly majority?: number;
  /** Training accuracy of a linear (softmax-regression) model on the same data. */
  readonly linear?: number;
}

/** A fit diagnosis: verdict, the numbers behind it, and what to change. */
export interface Diagnosis {
  readonly verdict: Verdict;
  readonly evidence: Readonly<Record<string, number | string | null>>;
  readonly recommendations: readonly string[];
  /** The epoch where validation loss bottomed out (stop there / restore its weights). */
  readonly stopEpoch: number | null;
}

/** Thresholds of {@link diagnoseFit} (defaults in brackets). */
export interface DiagnoseOptions {
  /** Relative rise of validation loss above its minimum that signals overfitting [0.1]. */
  readonly valRise?: number;
  /** Train − validation accuracy gap that signals overfitting on its own [0.1]. */
  readonly accuracyGap?: number;
  /** Training must beat the best baseline by this much not to be underfit [0.01]. */
  readonly baselineMargin?: number;
  /** Training loss still falling faster than this per epoch (relative) means not converged [0.03]. */
  readonly slope?: number;
}

const r4 = (v: number | undefined): number | null => (v === undefined || !Number.isFinite(v) ? null : Math.round(v * 1e4) / 1e4);

function slope(xs: readonly number[]): number {
  const k = Math.min(3, xs.length - 1);
  if (k < 1) return 0;
  const a = xs[xs.length - 1 - k]!;
  const b = xs[xs.length - 1]!;
  return a > 0 ? (a - b) / a / k : 0;
}

/**
 * Classifies a run from its learning curves, in this order: a non-finite loss → `not_converged`;
 * validation loss risen > `valRise` above its minimum with a widening gap, or a large accuracy gap
 * → `overfit`; training loss still falling > `slope` per epoch with validation at its best in the
 * last epoch → `not_converged`; training accuracy not above the majority-class and linear
 * baselines (with headroom left) → `underfit`; else `good_fit`.
 *
 * @example `const d = diagnoseFit(history, { majority: 0.11, linear: 0.93 });`
 */
export function diagnoseFit(history: readonly EpochLogs[], base: Baselines = {}, o: DiagnoseOptions = {}): Diagnosis {
  const last = history[history.length - 1];
  if (!last) return { verdict: 'not_converged', evidence: { epochs: 0 }, recommendations: ['train for at least one epoch'], stopEpoch: null };
  const loss = history.map((h) => h.loss);
  const val = history.map((h) => h['val_loss']).filter((v): v is number => v !== undefined);
  const hasVal = val.length === history.length;
  let best = 0;
  if (hasVal) for (let i = 1; i < val.length; i++) if (val[i]! < val[best]!) best = i;
  const bestEpoch = hasVal ? history[best]!.epoch : null;
  const valMin = hasVal ? val[best]! : undefined;
  const valLast = hasVal ? val[val.length - 1]! : undefined;
  const rise = valMin !== undefined && valLast !== undefined && valMin > 0 ? (valLast - valMin) / valMin : 0;
  const gaps = hasVal ? history.map((h, i) => val[i]! - h.loss) : [];
  const third = Math.max(1, Math.floor(gaps.length / 3));
  const gapTrend = gaps.length > 1 ? (gaps[gaps.length - 1]! - gaps[gaps.length - 1 - third]!) / third : 0;
  const acc = last['accuracy'];
  const vacc = last['val_accuracy'];
  const accGap = acc !== undefined && vacc !== undefined ? acc - vacc : undefined;
  const baseline = Math.max(base.majority ?? 0, base.linear ?? 0);
  const trainSlope = slope(loss);
  const evidence = {
    epochs: history.length,
    final_loss: r4(last.loss),
    final_val_loss: r4(valLast),
    min_val_loss: r4(valMin),
    best_val_epoch: bestEpoch,
    val_loss_rise: r4(rise),
    loss_gap: r4(gaps[gaps.length - 1]),
    loss_gap_trend_per_epoch: r4(gapTrend),
    train_accuracy: r4(acc),
    val_accuracy: r4(vacc),
    accuracy_gap: r4(accGap),
    majority_baseline_accuracy: r4(base.majority),
    linear_baseline_accuracy: r4(base.linear),
    train_loss_slope_per_epoch: r4(trainSlope),
  };
  const verdict = ((): Verdict => {
    if (loss.some((v) => !Number.isFinite(v))) return 'not_converged';
    const overfit = (bestEpoch !== null && bestEpoch < last.epoch && rise > (o.valRise ?? 0.1) && gapTrend > 0) || (accGap ?? 0) > (o.accuracyGap ?? 0.1);
    if (overfit) return 'overfit';
    const stillImproving = bestEpoch === null || bestEpoch === last.epoch;
    if (stillImproving && trainSlope > (o.slope ?? 0.03) && (acc === undefined || acc < 0.99)) return 'not_converged';
    if (acc !== undefined && baseline > 0 && acc < baseline + (o.baselineMargin ?? 0.01) && acc < 0.98) return 'underfit';
    if (acc !== undefined && base.majority !== undefined && acc < base.majority + 0.05) return 'underfit';
    return 'good_fit';
  })();
  return { verdict, evidence, recommendations: remedies(verdict, history, bestEpoch, loss), stopEpoch: bestEpoch };
}

function remedies(v: Verdict, history: readonly EpochLogs[], bestEpoch: number | null, loss: readonly number[]): string[] {
  const n = history.length;
  switch (v) {
    case 'overfit':
      return [
        `stop at epoch ${bestEpoch ?? n} where validation loss bottomed out (--early-stopping ${Math.max(2, Math.round(n / 10))} restores that epoch's weights)`,
        'add L2 weight decay: try l2 = 1e-4, then 1e-3 on dense/conv layers',
        'add dropout 0.2–0.5 after hidden dense layers',
        'augment the training data (images: --augment shift,rotation; tabular: --augment noise,mixup)',
        'reduce capacity: halve the hidden widths',
        'more data: check the learning curve (--learning-curve); if validation accuracy still rises from 75% to 100% of the data, more data will help',
      ];
    case 'underfit':
      return [
        'increase capacity: add a hidden layer (e.g. dense 256 relu) or double the widths; a linear model cannot fit this task',
        'train longer or raise the learning rate (×3)',
        'reduce regularization: lower L2 and dropout',
      ];
    case 'not_converged':
      return loss.some((l) => !Number.isFinite(l))
        ? ['the loss diverged (NaN/∞): lower the learning rate ×10, clip gradients, check inputs are standardized']
        : [`train longer: the training loss still falls ${(slope(loss) * 100).toFixed(1)}% per epoch and validation loss is at its best in the last epoch; try ${2 * n} epochs`, 'or raise the learning rate / use --schedule one_cycle'];
    case 'good_fit':
      return ['no change needed; optionally confirm with k-fold cross-validation'];
  }
}
