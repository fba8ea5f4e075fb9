/**
 * Shared types of the fairness module: labels, feature tables and the metric contract.
 * @module
 */

/** A class label or sensitive-feature value. */
export type Label = number | string | boolean;

/** A column of values, one per row (plain arrays and typed arrays both work). */
export type Column<T = Label> = ArrayLike<T>;

/**
 * Named columns of equal length; sensitive and control features are looked up here by name.
 *
 * @example
 * ```ts
 * const features: FeatureTable = { sex: ['F', 'M', 'F'], race: ['A', 'B', 'B'] };
 * ```
 */
export type FeatureTable = Readonly<Record<string, Column>>;

/** Options every metric accepts. */
export interface MetricOptions {
  /** Non-negative weight per row; defaults to 1 for every row. */
  readonly sampleWeight?: Column<number> | undefined;
  /** Which label counts as positive; required when labels are not 0/1 (or -1/1, or booleans). */
  readonly posLabel?: Label | undefined;
}

/**
 * A metric is a plain function of true labels and predictions (labels or scores) that returns one
 * number. A group whose metric is undefined (for example a TPR without positives) returns `NaN`.
 *
 * @example
 * ```ts
 * const m: Metric = (yTrue, yPred) => selectionRate(yTrue, yPred);
 * ```
 */
export type Metric<P extends Label = Label> = (
  yTrue: Column,
  yPred: Column<P>,
  options?: MetricOptions,
) => number;

/** A point of an accuracy/disparity trade-off curve explored by a mitigation method. */
export interface ParetoPoint {
  /** The knob value that produced this point (tolerance, penalty strength, iteration, ...). */
  readonly parameter: number;
  /** Weighted accuracy in [0, 1]. */
  readonly accuracy: number;
  /** The disparity the method constrains (for example the demographic parity difference). */
  readonly disparity: number;
  /** Human-readable description of the point. */
  readonly label?: string;
}

/**
 * The data a mitigator's `fit` takes beside the labels (and the scores or features): the feature
 * table holding the sensitive columns, their names, optional per-row weights and the positive label.
 * `ExponentiatedGradient.fit` and `ThresholdOptimizer.fit` both take it.
 */
export interface MitigationFitOptions {
  readonly features: FeatureTable;
  readonly sensitiveFeatures: string | readonly string[];
  readonly sampleWeight?: Column<number> | undefined;
  readonly posLabel?: Label | undefined;
}
