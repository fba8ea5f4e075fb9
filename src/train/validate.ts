import { DataError, type HostTensor } from '../core/index.js';
import { fmtShape, type Value } from '../ir/index.js';

/**
 * Checks a feature tensor against a model input: float type, rank, static dims and finiteness.
 * Returns float32 data (float64 is converted). Errors name the file, the row and the column.
 */
export function checkFeatures(x: HostTensor, input: Value, file: string): HostTensor<'float32'> {
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

/** Checks class labels: integer type, one per row, each in [0, classes). Returns int64 labels. */
export function checkLabels(y: HostTensor, rows: number, classes: number | undefined, file: string): HostTensor<'int64'> {
  if (y.dtype === 'float32' || y.dtype === 'float64' || y.dtype === 'bool') {
    throw new DataError('LABELS_DTYPE', `${file}: labels must be integer class indices, got ${y.dtype}`, { file, actual: y.dtype });
  }
  if (y.shape.length !== 1 || y.shape[0] !== rows) {
    throw new DataError('LABELS_LENGTH', `${file}: expected ${rows} labels (one per data row) as a 1-D array, got shape ${fmtShape(y.shape)}`, { file, expected: rows, actual: y.shape });
  }
  const out = new BigInt64Array(rows);
  for (let i = 0; i < rows; i++) {
    const v = Number(y.data[i]);
    if (v < 0 || (classes !== undefined && v >= classes)) {
      throw new DataError('LABELS_RANGE', `${file}: label ${v} at row ${i} is outside the model's ${classes ?? '?'} classes [0, ${(classes ?? 1) - 1}]`, { file, row: i, value: v, classes });
    }
    out[i] = BigInt(v);
  }
  return { dtype: 'int64', shape: [rows], data: out };
}
