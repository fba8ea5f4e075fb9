/**
 * The contract between mitigation algorithms and models: a {@link Learner} fits weighted binary
 * labels and predicts. Reductions such as {@link ExponentiatedGradient} only ever call these two
 * methods, so any model (the plain-TS baseline or a Keel-trained network) can be plugged in. Both
 * methods may be synchronous or return a promise (Keel models run on onnxruntime, which is async).
 * @module
 */
import { UsageError } from '../core/index.js';
import type { Column } from './types.js';

/**
 * A dense row-major matrix of numeric features.
 * @example `const X: FeatureMatrix = { rows: 2, cols: 1, data: Float64Array.of(0.5, 1.5) };`
 */
export interface FeatureMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

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

/**
 * Builds a {@link FeatureMatrix} from an array of rows.
 * @example `featureMatrix([[1, 2], [3, 4]]).data // Float64Array [1, 2, 3, 4]`
 */
export function featureMatrix(rows: readonly (readonly number[])[]): FeatureMatrix {
  const cols = rows[0]?.length ?? 0;
  const data = new Float64Array(rows.length * cols);
  rows.forEach((r, i) => {
    if (r.length !== cols) {
      throw new UsageError('RAGGED_ROWS', `Row ${i} has ${r.length} values but row 0 has ${cols}.`, { row: i, expected: cols, actual: r.length });
    }
    data.set(r, i * cols);
  });
  return { rows: rows.length, cols, data };
}

/**
 * The rows of `X` at the given indices, in that order.
 * @example `selectRows(X, [0, 2]).rows // 2`
 */
export function selectRows(X: FeatureMatrix, indices: ArrayLike<number>): FeatureMatrix {
  const data = new Float64Array(indices.length * X.cols);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    data.set(X.data.subarray(i * X.cols, (i + 1) * X.cols), k * X.cols);
  }
  return { rows: indices.length, cols: X.cols, data };
}
