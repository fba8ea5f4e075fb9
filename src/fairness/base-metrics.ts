/**
 * Base classification metrics. Each is a plain function `(yTrue, yPred, { sampleWeight, posLabel })`
 * returning a number; a rate whose denominator is zero returns `NaN` (never a division by zero
 * that silently becomes 0), which {@link MetricFrame} reports as an undefined group value.
 * @module
 */
import { assertLabelPredictions, binaryInputs, checkLength, resolveWeights } from './validation.js';
import type { Column, MetricOptions } from './types.js';

/** Weighted confusion-matrix cells of a binary problem. */
export interface Confusion {
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
}

/**
 * Weighted confusion counts of binary labels.
 * @example `confusion([1, 0], [1, 1]) // { tp: 1, fp: 1, tn: 0, fn: 0 }`
 */
export function confusion(yTrue: Column, yPred: Column, options: MetricOptions = {}): Confusion {
  const b = binaryInputs(yTrue, yPred, options);
  let tp = 0, fp = 0, tn = 0, fn = 0;
  for (let i = 0; i < b.yTrue.length; i++) {
    const w = b.weight[i]!;
    if (b.yTrue[i] === 1) {
      if (b.yPred[i] === 1) tp += w;
      else fn += w;
    } else if (b.yPred[i] === 1) fp += w;
    else tn += w;
  }
  return { tp, fp, tn, fn };
}

const ratio = (num: number, den: number): number => (den > 0 ? num / den : Number.NaN);

/**
 * Number of rows (unweighted), as in Fairlearn's `count`.
 * @example `count([0, 1, 1], [0, 0, 1]) // 3`
 */
export function count(yTrue: Column, yPred: Column): number {
  checkLength('yPred', yPred, yTrue.length);
  return yTrue.length;
}

/**
 * Weighted fraction of rows predicted positive.
 * @example `selectionRate([0, 1, 1, 0], [1, 1, 0, 0]) // 0.5`
 */
export function selectionRate(yTrue: Column, yPred: Column, options: MetricOptions = {}): number {
  const c = confusion(yTrue, yPred, options);
  return ratio(c.tp + c.fp, c.tp + c.fp + c.tn + c.fn);
}

/**
 * Weighted fraction of rows whose prediction equals the label (any number of classes).
 * @example `accuracyScore(['a', 'b', 'c'], ['a', 'b', 'b']) // 2 / 3`
 */
export function accuracyScore(yTrue: Column, yPred: Column, options: MetricOptions = {}): number {
  checkLength('yPred', yPred, yTrue.length);
  assertLabelPredictions(yPred);
  const w = resolveWeights(options.sampleWeight, yTrue.length);
  let hit = 0, total = 0;
  for (let i = 0; i < yTrue.length; i++) {
    total += w[i]!;
    if (yTrue[i] === yPred[i]) hit += w[i]!;
  }
  return ratio(hit, total);
}

/**
 * Recall, TP / (TP + FN); `NaN` without positives.
 * @example `truePositiveRate([1, 1, 0], [1, 0, 0]) // 0.5`
 */
export function truePositiveRate(yTrue: Column, yPred: Column, options: MetricOptions = {}): number {
  const c = confusion(yTrue, yPred, options);
  return ratio(c.tp, c.tp + c.fn);
}

/**
 * FP / (FP + TN); `NaN` without negatives.
 * @example `falsePositiveRate([0, 0, 1], [1, 0, 1]) // 0.5`
 */
export function falsePositiveRate(yTrue: Column, yPred: Column, options: MetricOptions = {}): number {
  const c = confusion(yTrue, yPred, options);
  return ratio(c.fp, c.fp + c.tn);
}

/**
 * FN / (TP + FN); `NaN` without positives.
 * @example `falseNegativeRate([1, 1, 0], [1, 0, 0]) // 0.5`
 */
export function falseNegativeRate(yTrue: Column, yPred: Column, options: MetricOptions = {}): number {
  const c = confusion(yTrue, yPred, options);
  return ratio(c.fn, c.tp + c.fn);
}

/**
 * Specificity, TN / (TN + FP); `NaN` without negatives.
 * @example `trueNegativeRate([0, 0, 1], [1, 0, 1]) // 0.5`
 */
export function trueNegativeRate(yTrue: Column, yPred: Column, options: MetricOptions = {}): number {
  const c = confusion(yTrue, yPred, options);
  return ratio(c.tn, c.tn + c.fp);
}

/**
 * Positive predictive value, TP / (TP + FP); `NaN` when nothing is predicted positive.
 * @example `precisionScore([1, 0, 1], [1, 1, 0]) // 0.5`
 */
export function precisionScore(yTrue: Column, yPred: Column, options: MetricOptions = {}): number {
  const c = confusion(yTrue, yPred, options);
  return ratio(c.tp, c.tp + c.fp);
}
