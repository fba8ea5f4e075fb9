/**
 * Fairness: metrics by group, named disparity metrics and mitigation (reweighing, exponentiated
 * gradient, a fairness-penalised loss, threshold optimization), the fairness report of predictions
 * and its pages. Needs no tensors.
 * @module
 */
export type { Column, FeatureTable, Label, Metric, MetricOptions, MitigationFitOptions, ParetoPoint } from './types.js';
export {
  accuracyScore,
  confusion,
  count,
  falseNegativeRate,
  falsePositiveRate,
  precisionScore,
  selectionRate,
  trueNegativeRate,
  truePositiveRate,
  type Confusion,
} from './base-metrics.js';
export { expectedCalibrationError, type CalibrationOptions } from './calibration.js';
export { groupRows, groupShares, selectFeatures, type FeatureSelector, type Group, type GroupIndex, type GroupRowsOptions } from './groups.js';
export {
  MetricFrame,
  type MetricValues,
  type AggregateMethod,
  type AggregateOptions,
  type FairnessWarning,
  type GroupResult,
  type GroupStatus,
  type MetricFrameOptions,
  type SmallGroupPolicy,
} from './metric-frame.js';
export { bootstrapMetricFrame, type BootstrapOptions, type BootstrapResult, type Interval } from './bootstrap.js';
export {
  demographicParityDifference,
  demographicParityRatio,
  disparateImpactRatio,
  equalOpportunityDifference,
  equalizedOddsDifference,
  equalizedOddsRatio,
  fourFifthsRule,
  predictiveParityDifference,
  type FairnessMetricOptions,
  type FourFifthsResult,
} from './fairness-metrics.js';
export { macroAverage, oneVsRest } from './one-vs-rest.js';
export { reweighing, type ReweighingCell, type ReweighingOptions, type ReweighingResult } from './reweighing.js';
export type { Learner, LearnerFactory } from './learner.js';
export { featureMatrix, selectRows, type FeatureMatrix } from '../core/index.js';
export { LogisticRegression, type CovariancePenalty, type LogisticRegressionOptions } from './logistic-regression.js';
export { ParityMoment, type ParityConstraint } from './moments.js';
export {
  ExponentiatedGradient,
  type ExponentiatedGradientOptions,
  type ReductionFitOptions,
  type ReductionIteration,
} from './exponentiated-gradient.js';
export { fairnessPenaltyPath, type PenaltyPathOptions, type PenaltyPathResult } from './fairness-penalty.js';
export { penaltySweep, runPenaltySweep, runPenaltySweepAsync, type PenaltyFit, type PenaltySweep, type PenaltySweepResult } from './penalty-sweep.js';
export {
  ThresholdOptimizer,
  type GroupPolicy,
  type PostProcessingFitOptions,
  type ThresholdOptimizerOptions,
  type ThresholdOptimizerState,
} from './threshold-optimizer.js';
export { paretoFront } from './pareto.js';
export { thresholdTradeoff, tradeoffFigure, type ThresholdTradeoffData, type TradeoffFigureOptions, type TradeoffPoint } from './tradeoff.js';
export { fairnessReport, type FairnessReport, type FairnessReportInputs, type GroupMetrics } from './report.js';
export { fairnessHtml, paretoSvg, tradeoffHtml, type FairnessTradeoffs } from './report-html.js';
export { binarize, fitWeightTotal, resolvePosLabel, resolveWeights } from './validation.js';
