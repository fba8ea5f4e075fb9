import { DataError, toFloat32, type DType, type HostTensor } from '../core/index.js';
import { fmtShape, type Value } from '../ir/index.js';

/** What the checks read of a model input: an imported graph's input or an ONNX file's declared one. */
export type ModelInputSpec = Pick<Value, 'name' | 'shape' | 'dtype'>;

/** Feature types converted to float32 as they are (uint8 pixels and bool are refused: their scale is not known here). */
const NUMERIC: readonly DType[] = ['float32', 'float64', 'int64', 'int32'];

/** Checks that a tensor's rank and static dims fit a model input (symbolic dims match any size). */
export function checkShape(x: HostTensor, input: ModelInputSpec, file: string): void {
  const bad = input.shape.length !== x.shape.length || input.shape.some((d, i) => typeof d === 'number' && d !== x.shape[i]);
  if (bad) {
    throw new DataError('DATA_SHAPE', `${file}: shape ${fmtShape(x.shape)} does not fit the model input "${input.name}" ${fmtShape(input.shape)} (symbolic dims match any size)`, { file, expected: input.shape, actual: x.shape });
  }
}

/**
 * Checks a feature tensor against a model input: numeric type, rank, static dims and finiteness.
 * Returns float32 data (float64 and integer features, as NumPy writes them, are converted).
 * Errors name the file, the row and the column.
 */
export function checkFeatures(x: HostTensor, input: ModelInputSpec, file: string): HostTensor<'float32'> {
  if (input.dtype === 'int64') {
    throw new DataError('DATA_DTYPE', `${file}: the model input "${input.name}" reads int64 token ids, not float features; this command needs a model with a float input`, { file, expected: 'float32', actual: input.dtype });
  }
  if (!NUMERIC.includes(x.dtype)) {
    throw new DataError('DATA_DTYPE', `${file}: features must be float32, float64, int32 or int64, got ${x.dtype}; convert with x.astype(np.float32)`, { file, expected: 'float32', actual: x.dtype });
  }
  checkShape(x, input, file);
  const data = toFloat32(x).data;
  const row = data.length / Math.max(1, x.shape[0] ?? 1);
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) {
      const r = Math.floor(i / row);
      throw new DataError('DATA_NAN', `${file}: row ${r}, column ${i - r * row} is ${data[i]} (not finite); clean or impute the data first`, { file, row: r, column: i - r * row });
    }
  }
  return { dtype: 'float32', shape: x.shape, data };
}

/**
 * An input as the model reads it: token ids (int64, integer types converted) for a model whose
 * input is int64, such as an imported embedding; float32 features ({@link checkFeatures}) otherwise.
 */
export function checkModelInput(x: HostTensor, input: ModelInputSpec, file: string): HostTensor<'float32'> | HostTensor<'int64'> {
  if (input.dtype !== 'int64') return checkFeatures(x, input, file);
  if (x.dtype !== 'int64' && x.dtype !== 'int32') {
    throw new DataError('DATA_DTYPE', `${file}: the model input "${input.name}" reads int64 token ids, got ${x.dtype}; save integer ids (x.astype(np.int64))`, { file, expected: 'int64', actual: x.dtype });
  }
  checkShape(x, input, file);
  return x.dtype === 'int64' ? (x as HostTensor<'int64'>) : { dtype: 'int64', shape: x.shape, data: BigInt64Array.from(x.data as Int32Array, (v) => BigInt(v)) };
}
