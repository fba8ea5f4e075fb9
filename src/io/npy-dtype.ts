/**
 * Mapping between npy `descr` strings and Keel dtypes. Internal to `io`. Decoding views the
 * little-endian bytes with typed arrays, which assumes a little-endian host (x86, Arm).
 */
import { DataError } from '../core/index.js';
import type { DType, TensorData } from './tensor.js';

interface NpyType {
  dtype: DType;
  /** Bytes per element in the file. */
  itemSize: number;
  /** Copies `n` little-endian elements starting at `bytes[0]` into a fresh array. */
  decode: (bytes: Uint8Array, n: number) => TensorData;
  /** `n` elements viewed in place at `byteOffset` (aligned to `itemSize`), for types stored as the array holds them. */
  view?: (buffer: ArrayBuffer, byteOffset: number, n: number) => TensorData;
}

// `new Uint8Array(view)` always copies (a Node Buffer's `slice` would not).
const copy = (bytes: Uint8Array, nBytes: number): ArrayBuffer => new Uint8Array(bytes.subarray(0, nBytes)).buffer;

const NPY_TYPES: Readonly<Record<string, NpyType>> = {
  '<f4': { dtype: 'float32', itemSize: 4, decode: (b, n) => new Float32Array(copy(b, 4 * n)), view: (a, o, n) => new Float32Array(a, o, n) },
  '<f8': { dtype: 'float64', itemSize: 8, decode: (b, n) => new Float64Array(copy(b, 8 * n)), view: (a, o, n) => new Float64Array(a, o, n) },
  '<i8': { dtype: 'int64', itemSize: 8, decode: (b, n) => new BigInt64Array(copy(b, 8 * n)), view: (a, o, n) => new BigInt64Array(a, o, n) },
  '<i4': { dtype: 'int32', itemSize: 4, decode: (b, n) => new Int32Array(copy(b, 4 * n)), view: (a, o, n) => new Int32Array(a, o, n) },
  '|u1': { dtype: 'uint8', itemSize: 1, decode: (b, n) => new Uint8Array(copy(b, n)) },
  '|b1': { dtype: 'bool', itemSize: 1, decode: (b, n) => new Uint8Array(copy(b, n)) },
  // Narrow integer types are widened to int32 (cleanlab's label files are uint16).
  '<u2': { dtype: 'int32', itemSize: 2, decode: (b, n) => Int32Array.from(new Uint16Array(copy(b, 2 * n))) },
  '<i2': { dtype: 'int32', itemSize: 2, decode: (b, n) => Int32Array.from(new Int16Array(copy(b, 2 * n))) },
  '|i1': { dtype: 'int8', itemSize: 1, decode: (b, n) => new Int8Array(copy(b, n)) },
  '<f2': { dtype: 'float16', itemSize: 2, decode: (b, n) => new Uint16Array(copy(b, 2 * n)) },
};

/** Byte-order-free aliases numpy or other writers may use for one-byte types. */
const ALIASES: Readonly<Record<string, string>> = { '<u1': '|u1', u1: '|u1', '<b1': '|b1', b1: '|b1', '<i1': '|i1', i1: '|i1' };

/** The descr numpy writes for each dtype. */
export const NPY_DESCR: Readonly<Record<DType, string>> = {
  float32: '<f4',
  float64: '<f8',
  float16: '<f2',
  int64: '<i8',
  int32: '<i4',
  uint8: '|u1',
  int8: '|i1',
  bool: '|b1',
};

/**
 * Looks up a descr. Throws DataError `NPY_DTYPE` listing the supported ones.
 * @example `npyType('<f4', 'x.npy').dtype // 'float32'`
 */
export function npyType(descr: string, file: string): NpyType {
  const found = NPY_TYPES[ALIASES[descr] ?? descr];
  if (found !== undefined) return found;
  const supported = Object.keys(NPY_TYPES).join(', ');
  const hint = descr.startsWith('>')
    ? ` It is big-endian: save arr.astype('<${descr.slice(1)}') instead.`
    : ' Convert it with arr.astype(np.float32) (or another supported type) before saving.';
  throw new DataError(
    'NPY_DTYPE',
    `${file}: unsupported npy dtype '${descr}'. Supported: ${supported}.${hint}`,
    { file, actual: descr, expected: Object.keys(NPY_TYPES) },
  );
}
