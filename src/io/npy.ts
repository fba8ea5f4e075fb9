/**
 * NumPy `.npy` files (format versions 1.0, 2.0 and 3.0; little-endian; C order).
 * See https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */
import { DataError } from '../core/index.js';
import { readFileBytes, writeFileAtomic } from './file-io.js';
import { formatNpyHeader, parseNpyHeader } from './npy-header.js';
import { NPY_DESCR, npyType } from './npy-dtype.js';
import { formatShape, makeTensor, tensorSize, type HostTensor } from './tensor.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ALIGN = 64;
const GROWTH_DIGITS = 21;

/**
 * Decodes the bytes of an `.npy` file. `file` names the source in error messages.
 * Supported dtypes: <f4, <f8, <i8, <i4, |u1, |b1, and <u2, <i2, |i1 (widened to int32).
 * Throws DataError `NPY_MAGIC`, `NPY_HEADER`, `NPY_DTYPE`, `NPY_FORTRAN` or `NPY_TRUNCATED`.
 *
 * @example
 * ```ts
 * const t = parseNpy(new Uint8Array(await fetchBytes()), 'x.npy');
 * t.dtype; // 'float32'
 * ```
 */
export function parseNpy(bytes: Uint8Array, file = '<npy bytes>'): HostTensor {
  return decodeNpy(bytes, file, false);
}

/**
 * {@link parseNpy}; `owned` says the caller hands over `bytes` (a file it just read), so an aligned
 * numeric payload is viewed in place instead of copied: reading a 31 MB file then costs one pass
 * over it, not two.
 */
function decodeNpy(bytes: Uint8Array, file: string, owned: boolean): HostTensor {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new DataError(
      'NPY_MAGIC',
      `${file}: not an npy file (it does not start with the bytes \\x93NUMPY; got ${bytes.length} bytes). ` +
        'Pass a file written by numpy.save, or use readNpz for .npz archives.',
      { file, size: bytes.length },
    );
  }
  const major = bytes[6] ?? 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (major < 1 || major > 3) {
    throw new DataError(
      'NPY_HEADER',
      `${file}: unsupported npy format version ${major}.${bytes[7] ?? 0}; expected 1.0, 2.0 or 3.0. ` +
        'Re-save the array with numpy.save.',
      { file, version: `${major}.${bytes[7] ?? 0}` },
    );
  }
  const lenBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lenBytes) throw truncated(file, 8 + lenBytes, bytes.length, 'the header length');
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = 8 + lenBytes + headerLen;
  if (bytes.length < dataStart) throw truncated(file, dataStart, bytes.length, 'the header');
  const headerBytes = bytes.subarray(8 + lenBytes, dataStart);
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(headerBytes);
  const header = parseNpyHeader(text, file);
  const type = npyType(header.descr, file);
  const size = tensorSize(header.shape);
  const dataBytes = size * type.itemSize;
  const available = bytes.length - dataStart;
  if (available < dataBytes) {
    throw truncated(file, dataStart + dataBytes, bytes.length, `shape ${formatShape(header.shape)} of ${header.descr}`);
  }
  if (available > dataBytes) {
    throw new DataError(
      'NPY_HEADER',
      `${file}: ${available - dataBytes} unexpected bytes after the data: the header says shape ` +
        `${formatShape(header.shape)} of ${header.descr} (${dataBytes} bytes) but ${available} bytes follow it. ` +
        'The header does not match the data; re-save the array with numpy.save.',
      { file, expected: dataBytes, actual: available },
    );
  }
  // Only a buffer that is the whole ArrayBuffer is viewed: small reads come from Node's shared pool.
  const whole = owned && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  const data = whole && type.view && dataStart % type.itemSize === 0 ? type.view(bytes.buffer, dataStart, size) : type.decode(bytes.subarray(dataStart), size);
  return makeTensor(type.dtype, header.shape, data);
}

function wrappedLength(prefix: number, textLength: number): number {
  return prefix + textLength + 1 + (ALIGN - ((prefix + textLength + 1) % ALIGN));
}

function truncated(file: string, expected: number, actual: number, what: string): DataError {
  return new DataError(
    'NPY_TRUNCATED',
    `${file}: npy file is truncated: ${what} needs ${expected} bytes in all but the file has ${actual}. ` +
      'The file was probably cut short while copying or downloading; re-create or re-download it.',
    { file, expected, actual },
  );
}

/**
 * Encodes a tensor as `.npy` bytes, byte-identical to `numpy.save` (version 1.0 header,
 * or 2.0 when the header is longer than 65535 bytes). Throws DataError `TENSOR_SIZE` or
 * `TENSOR_DTYPE` if the tensor is inconsistent.
 *
 * @example
 * ```ts
 * const bytes = encodeNpy(makeTensor('float32', [2], [1, 2]));
 * ```
 */
export function encodeNpy(t: HostTensor): Uint8Array {
  makeTensor(t.dtype, t.shape, t.data); // validates dtype vs. array type and length
  // Like numpy: room for the first dimension to grow to 21 digits, then space-pad so that the
  // data starts on a 64-byte boundary (a whole extra block when already aligned), then '\n'.
  const first = t.shape.length > 0 ? String(t.shape[0]) : '';
  const dict = formatNpyHeader(NPY_DESCR[t.dtype], t.shape);
  const text = dict + ' '.repeat(t.shape.length > 0 ? Math.max(0, GROWTH_DIGITS - first.length) : 0);
  const major = wrappedLength(10, text.length) - 10 > 0xffff ? 2 : 1;
  const prefix = major === 1 ? 10 : 12;
  const padded = wrappedLength(prefix, text.length);
  const header = text.padEnd(padded - prefix - 1, ' ') + '\n';
  const payload = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  const out = new Uint8Array(padded + payload.length);
  out.set(MAGIC);
  out[6] = major;
  const view = new DataView(out.buffer);
  if (major === 1) view.setUint16(8, padded - prefix, true);
  else view.setUint32(8, padded - prefix, true);
  for (let i = 0; i < header.length; i++) out[prefix + i] = header.charCodeAt(i);
  out.set(payload, padded);
  return out;
}

/**
 * Reads an `.npy` file. Throws the errors of {@link parseNpy}, or `FILE_NOT_FOUND`/`FILE_READ`.
 *
 * @example
 * ```ts
 * const x = readNpy('test/fixtures/io/torch-cnn-x.npy'); // float32 [200, 1, 8, 8]
 * ```
 */
export function readNpy(path: string): HostTensor {
  return decodeNpy(readFileBytes(path), path, true);
}

/**
 * Writes a tensor as an `.npy` file atomically (temporary file in the same folder, then rename).
 * Throws DataError `FILE_WRITE` if the file cannot be written.
 *
 * @example
 * ```ts
 * writeNpy('out/logits.npy', makeTensor('float32', [2, 10]));
 * ```
 */
export function writeNpy(path: string, t: HostTensor): void {
  writeFileAtomic(path, encodeNpy(t));
}
