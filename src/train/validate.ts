import { DataError, type HostTensor } from '../core/index.js';
import { fmtShape } from '../ir/index.js';

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
