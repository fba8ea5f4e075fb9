/**
 * The contract between mitigation algorithms and models: a {@link Learner} fits weighted binary
 * labels and predicts. Reductions such as {@link ExponentiatedGradient} only ever call these two
 * methods, so any model (the plain-TS baseline or a Keel-trained network) can be plugged in. Both
 * methods may be synchronous or return a promise (Keel models run on onnxruntime, which is async).
 * @module
 */
import type { FeatureMatrix } from '../core/index.js';
import type { Column } from './types.js';

/**
 * A binary classifier trainable with instance weights.
 *
 * Invariants: `fit` may be called once per instance (mitigations create fresh learners through a
 * {@link LearnerFactory}); `predict` returns one value in [0, 1] per row: a hard 0/1 label, or the
 * probability of predicting 1 for randomized learners.
 *
 * @example
 * ```ts
 * const learner: Learner = new LogisticRegression();
 * await learner.fit(X, y, weights);
 * const yHat = await learner.predict(X);
 * ```
 */
export interface Learner<X = FeatureMatrix> {
  readonly name: string;
  /** Fits labels `y` (0/1) with non-negative `sampleWeight`. */
  fit(X: X, y: Column<number>, sampleWeight: Column<number>): void | Promise<void>;
  /** Predicted label (or probability of label 1) per row. */
  predict(X: X): Float64Array | Promise<Float64Array>;
}

/**
 * Creates a fresh, unfitted learner.
 * @example `const factory: LearnerFactory = () => new LogisticRegression({ l2: 1e-3 });`
 */
export type LearnerFactory<X = FeatureMatrix> = () => Learner<X>;
