/**
 * `keel/fairness`: metrics by group in Fairlearn's shape (`new MetricFrame({ metrics, yTrue, yPred,
 * sensitiveFeatures })` with arrays), named disparity metrics with bootstrap intervals, and
 * mitigation: reweighing, exponentiated gradient, a fairness-penalised loss, threshold
 * optimization — with a logistic regression, a Keel network or a trained `Model` (fine-tuned
 * with the reductions' sample weights; its scores for threshold optimization) as the learner.
 *
 * @example
 * ```ts
 * import { MetricFrame, accuracyScore, selectionRate } from 'keel/fairness';
 * const mf = new MetricFrame({ metrics: { accuracyScore, selectionRate }, yTrue, yPred, sensitiveFeatures: sex });
 * console.log(mf.byGroup, mf.difference());
 * ```
 * @packageDocumentation
 */
export { MetricFrame, bootstrapMetricFrame, type MetricFrameOptions, type GroupResult, type GroupStatus, type FairnessWarning, type AggregateMethod, type AggregateOptions, type SmallGroupPolicy, type BootstrapOptions, type BootstrapResult, type Interval } from '../fairness/index.js';
export type { Column, FeatureTable, Label, Metric, MetricOptions, ParetoPoint, FeatureSelector, Group } from '../fairness/index.js';
export { accuracyScore, precisionScore, selectionRate, truePositiveRate, falsePositiveRate, trueNegativeRate, falseNegativeRate, count, confusion, expectedCalibrationError, macroAverage, oneVsRest } from '../fairness/index.js';
export { demographicParityDifference, demographicParityRatio, disparateImpactRatio, equalOpportunityDifference, equalizedOddsDifference, equalizedOddsRatio, fourFifthsRule, predictiveParityDifference, type FairnessMetricOptions, type FourFifthsResult } from '../fairness/index.js';
export { reweighing, type ReweighingOptions, type ReweighingResult } from '../fairness/index.js';
export { featureMatrix, LogisticRegression, type FeatureMatrix, type Learner, type LearnerFactory, type LogisticRegressionOptions } from '../fairness/index.js';
export { ExponentiatedGradient, type ExponentiatedGradientOptions, type ReductionFitOptions, type MitigationFitOptions, type ParityConstraint } from '../fairness/index.js';
export { ThresholdOptimizer, type ThresholdOptimizerOptions, type PostProcessingFitOptions, type GroupPolicy } from '../fairness/index.js';
export { fairnessPenaltyPath, paretoFront, type PenaltyPathOptions, type PenaltyPathResult } from '../fairness/index.js';
export { KeelClassifier, keelLearner, keelPenaltyPath, modelScores, type KeelTrainerOptions, type KeelPenaltyPathOptions, type KeelPenaltyPathResult } from '../fairness-learners/index.js';
// Types that the signatures above mention.
export type { CalibrationOptions, Confusion, CovariancePenalty, GroupIndex, ReductionIteration, ReweighingCell, ThresholdOptimizerState, MetricValues } from '../fairness/index.js';
export type { KeelTrainer } from '../fairness-learners/index.js';
