/**
 * In-processing by a fairness-penalised loss over Keel models: weighted cross-entropy plus
 * `strength · Σ_g cov(1[A = g], score)²` compiled into the training graph, swept over strengths.
 * @module
 */
import { UsageError } from '../core/index.js';
import { KeelClassifier } from './keel-classifier.js';
import { KeelTrainer, type KeelTrainerOptions } from './keel-trainer.js';
import { groupRows, ParityMoment, paretoFront, binarize, resolvePosLabel, resolveWeights, type FeatureMatrix, type Column, type FeatureTable, type Label, type ParetoPoint } from '../fairness/index.js';

/** Options of {@link keelPenaltyPath}. */
export interface KeelPenaltyPathOptions {
  readonly features: FeatureTable;
  readonly sensitiveFeatures: string | readonly string[];
  /** Penalty strengths to try (default 0, 1, 10, 100, 1000). */
  readonly strengths?: readonly number[];
  readonly sampleWeight?: Column<number> | undefined;
  readonly posLabel?: Label | undefined;
  /** The network and its training. */
  readonly model?: Omit<KeelTrainerOptions, 'penaltyGroups'>;
}

/** Models and training-data trade-off of {@link keelPenaltyPath}. */
export interface KeelPenaltyPathResult {
  /** One model per strength, in order (all share one trainer: release it when done). */
  readonly models: readonly KeelClassifier[];
  readonly trainer: KeelTrainer;
  /** Accuracy and demographic parity difference of each model on the training data. */
  readonly explored: readonly ParetoPoint[];
  readonly pareto: readonly ParetoPoint[];
}

/**
 * Trains one penalised Keel model per strength with a single compiled training graph (the
 * strength is carried in the target's penalty columns, so no recompilation).
 *
 * @example
 * ```ts
 * const path = await keelPenaltyPath(X, y, { features: { sex }, sensitiveFeatures: 'sex', strengths: [0, 10, 100] });
 * const yHat = await path.models[2]!.predict(Xtest);
 * await path.trainer.release();
 * ```
 */
export async function keelPenaltyPath(X: FeatureMatrix, y: Column, options: KeelPenaltyPathOptions): Promise<KeelPenaltyPathResult> {
  const n = y.length;
  const strengths = options.strengths ?? [0, 1, 10, 100, 1000];
  if (strengths.some((s) => !(s >= 0))) throw new UsageError('INVALID_OPTION', 'Penalty strengths must be >= 0.', { strengths });
  const yb = binarize(y, resolvePosLabel([y], options.posLabel));
  const w = resolveWeights(options.sampleWeight, n);
  const groups = groupRows(options.features, options.sensitiveFeatures, n);
  const k = groups.groups.length;
  const moment = new ParityMoment('demographic_parity', yb, groups.assignment, k, w);
  let total = 0;
  for (let i = 0; i < n; i++) total += w[i]!;
  const share = new Float64Array(k);
  for (let i = 0; i < n; i++) share[groups.assignment[i]!]! += w[i]! / total;
  const trainer = new KeelTrainer({ ...options.model, penaltyGroups: k });
  const models: KeelClassifier[] = [];
  const explored: ParetoPoint[] = [];
  for (const strength of strengths) {
    const root = Math.sqrt(strength);
    const penalty = new Float32Array(n * k);
    for (let i = 0; i < n; i++) for (let g = 0; g < k; g++) penalty[i * k + g] = root * ((groups.assignment[i] === g ? 1 : 0) - share[g]!);
    const model = new KeelClassifier(trainer);
    model.params = await trainer.fit(X, { y: yb, weight: w, penalty });
    const pred = await model.predict(X);
    let correct = 0;
    for (let i = 0; i < n; i++) if (pred[i] === yb[i]) correct += w[i]!;
    models.push(model);
    explored.push({ parameter: strength, accuracy: correct / total, disparity: moment.disparity(pred), label: `strength ${strength}` });
  }
  return { models, trainer, explored, pareto: paretoFront(explored) };
}
