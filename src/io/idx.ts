/**
 * IDX files, the format of MNIST and Fashion-MNIST: a big-endian header (two zero bytes, a
 * type code, the rank, one uint32 per dimension) followed by big-endian data. Gzipped files
 * are detected by their magic bytes and inflated.
 */
import { DataError } from '../core/index.js';
import { readFileBytes } from './file-io.js';
import { zlib } from './zlib.js';
import { formatShape, makeTensor, tensorSize, type DType, type HostTensor, type TensorData } from './tensor.js';

interface IdxType {
  name: string;
  dtype: DType;
  itemSize: number;
  read: (view: DataView, at: number, n: number) => TensorData;
}

function reader<T extends TensorData>(
  make: (n: number) => T,
  get: (view: DataView, at: number) => number,
  itemSize: number,
): (view: DataView, at: number, n: number) => T {
  return (view, at, n) => {
    const out = make(n);
    for (let i = 0; i < n; i++) out[i] = get(view, at + i * itemSize);
    return out;
  };
}

const IDX_TYPES: Readonly<Record<number, IdxType>> = {
  0x08: { name: 'uint8', dtype: 'uint8', itemSize: 1, read: (v, at, n) => new Uint8Array(v.buffer.slice(v.byteOffset + at, v.byteOffset + at + n)) },
  0x09: { name: 'int8', dtype: 'int32', itemSize: 1, read: reader((n) => new Int32Array(n), (v, at) => v.getInt8(at), 1) },
  0x0b: { name: 'int16', dtype: 'int32', itemSize: 2, read: reader((n) => new Int32Array(n), (v, at) => v.getInt16(at), 2) },
  0x0c: { name: 'int32', dtype: 'int32', itemSize: 4, read: reader((n) => new Int32Array(n), (v, at) => v.getInt32(at), 4) },
  0x0d: { name: 'float32', dtype: 'float32', itemSize: 4, read: reader((n) => new Float32Array(n), (v, at) => v.getFloat32(at), 4) },
  0x0e: { name: 'float64', dtype: 'float64', itemSize: 8, read: reader((n) => new Float64Array(n), (v, at) => v.getFloat64(at), 8) },
};

/**
 * Decodes IDX bytes (gzipped or not). uint8 data stays uint8; int8/int16 widen to int32.
 * Throws DataError `IDX_MAGIC` (not IDX), `IDX_TRUNCATED` (shorter than the header says)
 * or `IDX_GZIP` (corrupt gzip stream).
 *
 * @example
 * ```ts
 * const images = parseIdx(bytes, 't10k-images-idx3-ubyte.gz'); // uint8 [10000, 28, 28]
 * ```
 */
export function parseIdx(input: Uint8Array, file = '<idx bytes>'): HostTensor {
  const bytes = input[0] === 0x1f && input[1] === 0x8b ? gunzip(input, file) : input;
  const type = IDX_TYPES[bytes[2] ?? -1];
  const rank = bytes[3] ?? 0;
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0 || type === undefined) {
    const got = [...bytes.subarray(0, 4)].map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(' ');
    throw new DataError(
      'IDX_MAGIC',
      `${file}: not an IDX file: it should start with 0x00 0x00, a type code (0x08 uint8, 0x09 int8, ` +
        `0x0b int16, 0x0c int32, 0x0d float32, 0x0e float64) and the rank, but starts with ${got || 'nothing'}. ` +
        'Pass an MNIST-style *-idx?-ubyte file (gzipped or not).',
      { file, actual: got },
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dataStart = 4 + 4 * rank;
  if (bytes.length < dataStart) throw truncated(file, dataStart, bytes.length, `the header of a rank-${rank} array`);
  const shape = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const size = tensorSize(shape);
  const expected = dataStart + size * type.itemSize;
  if (bytes.length < expected) throw truncated(file, expected, bytes.length, `shape ${formatShape(shape)} of ${type.name}`);
  return makeTensor(type.dtype, shape, type.read(view, dataStart, size));
}

function gunzip(bytes: Uint8Array, file: string): Uint8Array {
  try {
    return zlib().gunzipSync(bytes);
  } catch (cause) {
    const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : '';
    if (code === 'Z_BUF_ERROR') {
      throw new DataError(
        'IDX_TRUNCATED',
        `${file}: the gzip stream ends early (${bytes.length} compressed bytes): the file is truncated. Re-download it.`,
        { file, actual: bytes.length },
        { cause },
      );
    }
    throw new DataError('IDX_GZIP', `${file}: corrupt gzip data (${code || String(cause)}). Re-download the file.`, { file }, { cause });
  }
}

function truncated(file: string, expected: number, actual: number, what: string): DataError {
  return new DataError(
    'IDX_TRUNCATED',
    `${file}: IDX file is truncated: ${what} needs ${expected} bytes but the (decompressed) file has ${actual}. ` +
      'Re-download the file.',
    { file, expected, actual },
  );
}

/**
 * Reads an IDX file such as `data/mnist/t10k-images-idx3-ubyte.gz`. See {@link parseIdx}.
 *
 * @example
 * ```ts
 * const labels = readIdx('data/mnist/t10k-labels-idx1-ubyte.gz'); // uint8 [10000]
 * ```
 */
export function readIdx(path: string): HostTensor {
  return parseIdx(readFileBytes(path), path);
}
