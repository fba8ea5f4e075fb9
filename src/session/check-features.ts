import { DataError, type HostTensor } from '../core/index.js';
import { fmtShape, type Value } from '../ir/index.js';

/**
 * Checks a feature tensor against a model input: float type, rank, static dims and finiteness.
 * Returns float32 data (float64 is converted). Errors name the file, the row and the column.
 */
export function checkFeatures(x: HostTensor, input: Pick<Value, 'name' | 'shape'>, file: string): HostTensor<'float32'> {
  if (x.dtype !== 'float32' && x.dtype !== 'float64') {
    throw new DataError('DATA_DTYPE', `${file}: features must be float32 or float64, got ${x.dtype}; convert with x.astype(np.float32)`, { file, expected: 'float32', actual: x.dtype });
  }
  const bad = input.shape.length !== x.shape.length || input.shape.some((d, i) => typeof d === 'number' && d !== x.shape[i]);
  if (bad) {
    throw new DataError('DATA_SHAPE', `${file}: shape ${fmtShape(x.shape)} does not fit the model input "${input.name}" ${fmtShape(input.shape)} (symbolic dims match any size)`, { file, expected: input.shape, actual: x.shape });
  }
  const data = x.dtype === 'float32' ? (x.data as Float32Array) : Float32Array.from(x.data as Float64Array);
  const row = data.length / Math.max(1, x.shape[0] ?? 1);
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) {
      const r = Math.floor(i / row);
      throw new DataError('DATA_NAN', `${file}: row ${r}, column ${i - r * row} is ${data[i]} (not finite); clean or impute the data first`, { file, row: r, column: i - r * row });
    }
  }
  return { dtype: 'float32', shape: x.shape, data };
}
