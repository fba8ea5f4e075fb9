/**
 * In-processing by a fairness-penalised loss: logistic regression plus
 * `strength · Σ_g cov(1[A = g], score)²`, swept over strengths to trace a trade-off curve.
 * @module
 */
import type { FeatureMatrix } from '../core/index.js';
import { LogisticRegression } from './logistic-regression.js';
import { penaltySweep, runPenaltySweep } from './penalty-sweep.js';
import type { Column, FeatureTable, Label, ParetoPoint } from './types.js';

/** Options of {@link fairnessPenaltyPath}. */
export interface PenaltyPathOptions {
  readonly features: FeatureTable;
  readonly sensitiveFeatures: string | readonly string[];
  /** Penalty strengths to try (default 0 and powers of ten from 1 to 1e5). */
  readonly strengths?: readonly number[];
  readonly sampleWeight?: Column<number> | undefined;
  readonly posLabel?: Label | undefined;
  readonly l2?: number;
}

/** Models and training-data trade-off of {@link fairnessPenaltyPath}. */
export interface PenaltyPathResult {
  /** One fitted model per strength, in order. */
  readonly models: readonly LogisticRegression[];
  /** Accuracy and demographic parity difference of each model on the training data. */
  readonly explored: readonly ParetoPoint[];
  readonly pareto: readonly ParetoPoint[];
}

/**
 * Fits one covariance-penalised logistic regression per strength.
 *
 * @example
 * ```ts
 * const path = fairnessPenaltyPath(X, y, { features: { sex }, sensitiveFeatures: 'sex', strengths: [0, 10, 100] });
 * path.pareto; // accuracy vs. demographic parity difference
 * path.models[2]!.predict(Xtest);
 * ```
 */
export function fairnessPenaltyPath(X: FeatureMatrix, y: Column, options: PenaltyPathOptions): PenaltyPathResult {
  const sweep = penaltySweep(y, options, options.strengths ?? [0, 1, 10, 100, 1e3, 1e4, 1e5]);
  const l2 = options.l2 === undefined ? {} : { l2: options.l2 };
  return runPenaltySweep(sweep, (strength) => {
    const model = new LogisticRegression({ ...l2, penalty: { groups: sweep.groups.assignment, strength } });
    model.fit(X, sweep.labels, sweep.weight);
    return { model, predictions: model.predict(X) };
  });
}
