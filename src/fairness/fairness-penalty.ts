/**
 * In-processing by a fairness-penalised loss: logistic regression plus
 * `strength · Σ_g cov(1[A = g], score)²`, swept over strengths to trace a trade-off curve.
 * @module
 */
import { UsageError, type FeatureMatrix } from '../core/index.js';
import { groupRows } from './groups.js';
import { LogisticRegression } from './logistic-regression.js';
import { ParityMoment } from './moments.js';
import { paretoFront } from './pareto.js';
import { binarize, resolvePosLabel, resolveWeights } from './validation.js';
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
  const n = y.length;
  const strengths = options.strengths ?? [0, 1, 10, 100, 1e3, 1e4, 1e5];
  if (strengths.some((s) => !(s >= 0))) throw new UsageError('INVALID_OPTION', 'Penalty strengths must be >= 0.', { strengths });
  const yb = binarize(y, resolvePosLabel([y], options.posLabel));
  const w = resolveWeights(options.sampleWeight, n);
  const groups = groupRows(options.features, options.sensitiveFeatures, n);
  const moment = new ParityMoment('demographic_parity', yb, groups.assignment, groups.groups.length, w);
  let total = 0;
  for (let i = 0; i < n; i++) total += w[i]!;
  const models: LogisticRegression[] = [];
  const explored: ParetoPoint[] = [];
  for (const strength of strengths) {
    const model = new LogisticRegression({ ...(options.l2 === undefined ? {} : { l2: options.l2 }), penalty: { groups: groups.assignment, strength } });
    model.fit(X, yb, w);
    const pred = model.predict(X);
    let correct = 0;
    for (let i = 0; i < n; i++) if (pred[i] === yb[i]) correct += w[i]!;
    models.push(model);
    explored.push({ parameter: strength, accuracy: correct / total, disparity: moment.disparity(pred), label: `strength ${strength}` });
  }
  return { models, explored, pareto: paretoFront(explored) };
}
