/**
 * Named fairness metrics: disparities of base metrics between groups of named sensitive features.
 * Each is a plain function `(yTrue, yPred, { features, sensitiveFeatures, sampleWeight, ... })`.
 * Warnings (empty, small or undefined groups) go to `onWarning`, by default `process.emitWarning`.
 * @module
 */
import { falsePositiveRate, precisionScore, selectionRate, truePositiveRate } from './base-metrics.js';
import { MetricFrame, type AggregateMethod, type FairnessWarning, type SmallGroupPolicy } from './metric-frame.js';
import type { Column, FeatureTable, Label, Metric, MetricOptions } from './types.js';

/** Options of the named fairness metrics. */
export interface FairnessMetricOptions extends MetricOptions {
  readonly features: FeatureTable;
  readonly sensitiveFeatures: string | readonly string[];
  readonly controlFeatures?: string | readonly string[] | undefined;
  /** 'between_groups' (default) or 'to_overall'. */
  readonly method?: AggregateMethod | undefined;
  readonly categories?: Readonly<Record<string, readonly Label[]>> | undefined;
  readonly minGroupSize?: number | undefined;
  readonly smallGroups?: SmallGroupPolicy | undefined;
  readonly emptyGroups?: 'warn' | 'error' | undefined;
  /** Receives each warning; defaults to `process.emitWarning`. */
  readonly onWarning?: ((warning: FairnessWarning) => void) | undefined;
}

function frame(metrics: Record<string, Metric>, yTrue: Column, yPred: Column, o: FairnessMetricOptions): MetricFrame {
  const mf = new MetricFrame({
    metrics,
    yTrue,
    yPred,
    features: o.features,
    sensitiveFeatures: o.sensitiveFeatures,
    controlFeatures: o.controlFeatures,
    sampleWeight: o.sampleWeight,
    posLabel: o.posLabel,
    categories: o.categories,
    minGroupSize: o.minGroupSize,
    smallGroups: o.smallGroups,
    emptyGroups: o.emptyGroups,
  });
  const report =
    o.onWarning ??
    ((w: FairnessWarning) => {
      process.emitWarning(w.message, { code: `KEEL_FAIRNESS_${w.code}` });
    });
  mf.warnings.forEach(report);
  return mf;
}

const method = (o: FairnessMetricOptions): { method: AggregateMethod } => ({ method: o.method ?? 'between_groups' });

/**
 * Largest difference in selection rate between groups (0 = demographic parity).
 * @example `demographicParityDifference(y, yHat, { features: { sex }, sensitiveFeatures: 'sex' })`
 */
export function demographicParityDifference(yTrue: Column, yPred: Column, options: FairnessMetricOptions): number {
  return frame({ selectionRate }, yTrue, yPred, options).difference(method(options)).selectionRate!;
}

/**
 * Smallest ratio of selection rates between groups (1 = demographic parity).
 * @example `demographicParityRatio(y, yHat, { features: { sex }, sensitiveFeatures: 'sex' })`
 */
export function demographicParityRatio(yTrue: Column, yPred: Column, options: FairnessMetricOptions): number {
  return frame({ selectionRate }, yTrue, yPred, options).ratio(method(options)).selectionRate!;
}

/**
 * The larger of the TPR difference and the FPR difference between groups (0 = equalized odds).
 * @example `equalizedOddsDifference(y, yHat, { features: { sex }, sensitiveFeatures: 'sex' })`
 */
export function equalizedOddsDifference(yTrue: Column, yPred: Column, options: FairnessMetricOptions): number {
  const d = frame({ tpr: truePositiveRate, fpr: falsePositiveRate }, yTrue, yPred, options).difference(method(options));
  return Math.max(d.tpr!, d.fpr!);
}

/**
 * The smaller of the TPR ratio and the FPR ratio between groups (1 = equalized odds).
 * @example `equalizedOddsRatio(y, yHat, { features: { sex }, sensitiveFeatures: 'sex' })`
 */
export function equalizedOddsRatio(yTrue: Column, yPred: Column, options: FairnessMetricOptions): number {
  const r = frame({ tpr: truePositiveRate, fpr: falsePositiveRate }, yTrue, yPred, options).ratio(method(options));
  return Math.min(r.tpr!, r.fpr!);
}

/**
 * Largest difference in true positive rate between groups (0 = equal opportunity).
 * @example `equalOpportunityDifference(y, yHat, { features: { sex }, sensitiveFeatures: 'sex' })`
 */
export function equalOpportunityDifference(yTrue: Column, yPred: Column, options: FairnessMetricOptions): number {
  return frame({ tpr: truePositiveRate }, yTrue, yPred, options).difference(method(options)).tpr!;
}

/**
 * Largest difference in precision (positive predictive value) between groups.
 * @example `predictiveParityDifference(y, yHat, { features: { sex }, sensitiveFeatures: 'sex' })`
 */
export function predictiveParityDifference(yTrue: Column, yPred: Column, options: FairnessMetricOptions): number {
  return frame({ precision: precisionScore }, yTrue, yPred, options).difference(method(options)).precision!;
}

/**
 * Disparate impact: lowest group selection rate over the highest (same as the demographic parity
 * ratio between groups).
 * @example `disparateImpactRatio(y, yHat, { features: { sex }, sensitiveFeatures: 'sex' }) >= 0.8`
 */
export function disparateImpactRatio(yTrue: Column, yPred: Column, options: FairnessMetricOptions): number {
  return frame({ selectionRate }, yTrue, yPred, options).ratio({ method: 'between_groups' }).selectionRate!;
}

/** Outcome of the four-fifths (80%) rule. */
export interface FourFifthsResult {
  /** Lowest selection rate divided by the highest. */
  readonly ratio: number;
  /** True when `ratio >= threshold`. */
  readonly passes: boolean;
  readonly threshold: number;
  readonly lowestGroup: string;
  readonly highestGroup: string;
  readonly selectionRates: Readonly<Record<string, number>>;
}

/**
 * The four-fifths rule of US employment law: adverse impact when a group's selection rate is
 * below 80% of the highest group's.
 *
 * @example
 * ```ts
 * const r = fourFifthsRule(y, yHat, { features: { sex }, sensitiveFeatures: 'sex' });
 * if (!r.passes) console.log(`${r.lowestGroup} selected at ${r.ratio} of ${r.highestGroup}'s rate`);
 * ```
 */
export function fourFifthsRule(
  yTrue: Column,
  yPred: Column,
  options: FairnessMetricOptions & { readonly threshold?: number },
): FourFifthsResult {
  const threshold = options.threshold ?? 0.8;
  const mf = frame({ selectionRate }, yTrue, yPred, options);
  const rates: Record<string, number> = {};
  let lowest = '', highest = '';
  for (const r of mf.byGroup) {
    const v = r.values.selectionRate!;
    const key = r.control === undefined ? r.group.label : `${r.control.label} / ${r.group.label}`;
    rates[key] = v;
    if (Number.isNaN(v) || r.status === 'empty') continue;
    if (lowest === '' || v < rates[lowest]!) lowest = key;
    if (highest === '' || v > rates[highest]!) highest = key;
  }
  const ratio = mf.ratio({ method: 'between_groups' }).selectionRate!;
  return { ratio, passes: ratio >= threshold, threshold, lowestGroup: lowest, highestGroup: highest, selectionRates: rates };
}
