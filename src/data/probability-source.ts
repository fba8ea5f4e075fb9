import { open, readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { DataError } from '../core/index.js';
import { parseNpy, parseNpyHeader } from '../io/index.js';
import { assertReadable } from './text-chunks.js';

/** Rows `offset .. offset+rows-1` of an n×k probability matrix, row-major. */
export interface ProbabilityBatch {
  readonly offset: number;
  readonly rows: number;
  readonly data: Float64Array | Float32Array;
}

/**
 * An n×k matrix of predicted class probabilities (out-of-fold), read in row batches so that
 * label-issue detection never needs the whole matrix in memory.
 */
export interface ProbabilitySource {
  readonly rows: number;
  readonly classes: number;
  /** Each call starts a new pass; `batchRows` bounds the memory of one batch. */
  batches(batchRows: number): AsyncIterable<ProbabilityBatch>;
}

/**
 * Wraps an in-memory row-major matrix as a {@link ProbabilitySource}.
 *
 * @example
 * ```ts
 * const probs = probabilityMatrix(Float64Array.from([0.9, 0.1, 0.2, 0.8]), 2, 2);
 * ```
 */
export function probabilityMatrix(data: Float64Array | Float32Array, rows: number, classes: number): ProbabilitySource {
  if (data.length !== rows * classes) {
    throw new DataError('PROBS_SHAPE', `Probability data has ${data.length} values, expected ${rows}×${classes}.`, {
      expected: rows * classes,
      actual: data.length,
    });
  }
  return {
    rows,
    classes,
    batches: (batchRows: number) => ({
      async *[Symbol.asyncIterator]() {
        for (let offset = 0; offset < rows; offset += batchRows) {
          const r = Math.min(batchRows, rows - offset);
          await Promise.resolve();
          yield { offset, rows: r, data: data.subarray(offset * classes, (offset + r) * classes) };
        }
      },
    }),
  };
}

interface NpyLayout {
  readonly dataOffset: number;
  readonly rows: number;
  readonly classes: number;
  readonly bytes: 4 | 8;
}

function layoutError(path: string, descr: string, shape: readonly number[]): DataError {
  return new DataError(
    'PROBS_NPY_LAYOUT',
    `${path}: expected a 2-D little-endian float32/float64 C-order array, got descr=${descr}, shape=(${shape.join(', ')}). ` +
      "Save probs with np.save(path, probs.astype('<f8')).",
    { file: path, descr, shape },
  );
}

/** Reads only the header (magic, version, dict via src/io's parser) so the data can be streamed. */
function parseHeader(path: string, head: Uint8Array): NpyLayout {
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (head.length < 10 || view.getUint32(0) !== 0x934e554d || head[4] !== 0x50 || head[5] !== 0x59) {
    throw new DataError('PROBS_NPY_MAGIC', `${path}: not an .npy file (bad magic). Save with numpy.save.`, { file: path });
  }
  const major = head[6]!;
  const start = major === 1 ? 10 : 12;
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const header = parseNpyHeader(new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(head.subarray(start, start + headerLen)), path);
  const bytes = header.descr === '<f8' ? 8 : header.descr === '<f4' ? 4 : undefined;
  if (bytes === undefined || header.shape.length !== 2) throw layoutError(path, header.descr, header.shape);
  return { dataOffset: start + headerLen, rows: header.shape[0]!, classes: header.shape[1]!, bytes };
}

function toFloats(buf: Buffer, bytes: 4 | 8): Float64Array | Float32Array {
  const copy = new Uint8Array(buf.length);
  copy.set(buf);
  return bytes === 8 ? new Float64Array(copy.buffer) : new Float32Array(copy.buffer);
}

/**
 * Opens an `.npy` probability matrix (2-D `<f8`/`<f4`, C order) for batched reading; `.npy.gz`
 * is decompressed into memory and decoded by src/io's `parseNpy`; a plain `.npy` has its header
 * parsed by src/io and its rows streamed in batches. Errors: `PROBS_NPY_MAGIC`, `PROBS_NPY_LAYOUT`,
 * `FILE_NOT_FOUND`, and src/io's `NPY_*`.
 *
 * @example
 * ```ts
 * const probs = await openNpyProbabilities('pyx.npy');
 * probs.rows; // 10000
 * ```
 */
export async function openNpyProbabilities(path: string): Promise<ProbabilitySource> {
  await assertReadable(path);
  if (path.endsWith('.gz')) {
    const buf = gunzipSync(await readFile(path));
    parseHeader(path, buf);
    const t = parseNpy(buf, path);
    if ((t.dtype !== 'float32' && t.dtype !== 'float64') || t.shape.length !== 2) throw layoutError(path, t.dtype, t.shape);
    return probabilityMatrix(t.data as Float32Array | Float64Array, t.shape[0]!, t.shape[1]!);
  }
  const fh = await open(path, 'r');
  let layout: NpyLayout;
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    layout = parseHeader(path, head.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
  const l = layout;
  return {
    rows: l.rows,
    classes: l.classes,
    batches: (batchRows: number) => ({
      async *[Symbol.asyncIterator]() {
        const f = await open(path, 'r');
        try {
          for (let offset = 0; offset < l.rows; offset += batchRows) {
            const r = Math.min(batchRows, l.rows - offset);
            const buf = Buffer.alloc(r * l.classes * l.bytes);
            await f.read(buf, 0, buf.length, l.dataOffset + offset * l.classes * l.bytes);
            yield { offset, rows: r, data: toFloats(buf, l.bytes) };
          }
        } finally {
          await f.close();
        }
      },
    }),
  };
}
