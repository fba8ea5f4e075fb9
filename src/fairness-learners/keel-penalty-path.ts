/**
 * In-processing by a fairness-penalised loss over Keel models: weighted cross-entropy plus
 * `strength · Σ_g cov(1[A = g], score)²` compiled into the training graph, swept over strengths.
 * @module
 */
import { KeelClassifier } from './keel-classifier.js';
import { KeelTrainer, type KeelTrainerOptions } from './keel-trainer.js';
import { penaltySweep, runPenaltySweepAsync, type FeatureMatrix, type Column, type FeatureTable, type Label, type ParetoPoint } from '../fairness/index.js';

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
  const sweep = penaltySweep(y, options, options.strengths ?? [0, 1, 10, 100, 1000]);
  const { assignment } = sweep.groups, n = assignment.length, k = sweep.share.length;
  const trainer = new KeelTrainer({ ...options.model, penaltyGroups: k });
  const path = await runPenaltySweepAsync(sweep, async (strength) => {
    const root = Math.sqrt(strength);
    const penalty = new Float32Array(n * k);
    for (let i = 0; i < n; i++) for (let g = 0; g < k; g++) penalty[i * k + g] = root * ((assignment[i] === g ? 1 : 0) - sweep.share[g]!);
    const model = new KeelClassifier(trainer);
    model.params = await trainer.fit(X, { y: sweep.labels, weight: sweep.weight, penalty });
    return { model, predictions: await model.predict(X) };
  });
  return { ...path, trainer };
}
