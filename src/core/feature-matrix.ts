import { UsageError } from './errors.js';
import type { HostTensor } from './tensor.js';

/**
 * Keel's one dense row-major matrix of numeric features: what the fairness learners fit, what
 * `standardizedFeatures` (data) encodes a table into, and what cross-validation trains on.
 * `features` names the columns when they are known (a numeric column, or `column=value` for a
 * one-hot category).
 * @example `const X: FeatureMatrix = { rows: 2, cols: 1, data: Float64Array.of(0.5, 1.5) };`
 */
export interface FeatureMatrix<D extends Float64Array | Float32Array = Float64Array> {
  readonly rows: number;
  readonly cols: number;
  readonly data: D;
  /** One name per column, when known. */
  readonly features?: readonly string[];
}

/**
 * Builds a {@link FeatureMatrix} from an array of rows; rows of different lengths are a
 * `RAGGED_ROWS` error naming the row.
 * @example `featureMatrix([[1, 2], [3, 4]]).data // Float64Array [1, 2, 3, 4]`
 */
export function featureMatrix(rows: readonly (readonly number[])[]): FeatureMatrix {
  const cols = rows[0]?.length ?? 0;
  const data = new Float64Array(rows.length * cols);
  rows.forEach((r, i) => {
    if (r.length !== cols) {
      throw new UsageError('RAGGED_ROWS', `Row ${i} has ${r.length} values but row 0 has ${cols}; give every row the same number of features.`, { row: i, expected: cols, actual: r.length });
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

const f32 = new WeakMap<FeatureMatrix<Float64Array | Float32Array>, HostTensor<'float32'>>();

/**
 * The matrix as a float32 [rows, cols] tensor: float32 data is shared, float64 data converted
 * once per matrix (cached).
 * @example `featureTensor(featureMatrix([[1, 2]])).shape // [1, 2]`
 */
export function featureTensor(X: FeatureMatrix<Float64Array | Float32Array>): HostTensor<'float32'> {
  let t = f32.get(X);
  if (t === undefined) {
    t = { dtype: 'float32', shape: [X.rows, X.cols], data: X.data instanceof Float32Array ? X.data : Float32Array.from(X.data) };
    f32.set(X, t);
  }
  return t;
}
