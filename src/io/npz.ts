/**
 * NumPy `.npz` archives: a zip of `.npy` members, one per named array (`numpy.savez` and
 * `numpy.savez_compressed`).
 */
import { DataError } from '../core/index.js';
import { readFileBytes, writeFileAtomic } from './file-io.js';
import { encodeNpy, parseNpy } from './npy.js';
import type { HostTensor } from './tensor.js';
import { readZip, writeZip } from './zip.js';

/** Options for {@link readNpz}. */
export interface ReadNpzOptions {
  /** Arrays that must be present; a missing one throws DataError `NPZ_MISSING_KEY`. */
  require?: readonly string[];
}

/** Options for {@link writeNpz}. */
export interface WriteNpzOptions {
  /** Deflate each member, like `numpy.savez_compressed` (default false, like `numpy.savez`). */
  compress?: boolean;
}

/**
 * Decodes the bytes of an `.npz` archive into arrays keyed by name (the member name without
 * `.npy`), in archive order. Throws DataError `NPZ_FORMAT`, `NPZ_MISSING_KEY`, or any
 * {@link parseNpy} error (its `file` reads `archive.npz:member.npy`).
 *
 * @example
 * ```ts
 * const arrays = parseNpz(bytes, 'data.npz', { require: ['x', 'y'] });
 * ```
 */
export function parseNpz(bytes: Uint8Array, file = '<npz bytes>', options: ReadNpzOptions = {}): Map<string, HostTensor> {
  const arrays = new Map<string, HostTensor>();
  for (const [member, data] of readZip(bytes, file)) {
    if (member.endsWith('/')) continue; // directory entry
    const key = member.endsWith('.npy') ? member.slice(0, -4) : member;
    arrays.set(key, parseNpy(data, `${file}:${member}`));
  }
  for (const key of options.require ?? []) getNpzArray(arrays, key, file);
  return arrays;
}

/**
 * Reads an `.npz` file. See {@link parseNpz} for the errors.
 *
 * @example
 * ```ts
 * const arrays = readNpz('test/fixtures/io/numpy-savez.npz');
 * arrays.get('f32')?.shape; // [2, 3]
 * ```
 */
export function readNpz(path: string, options: ReadNpzOptions = {}): Map<string, HostTensor> {
  return parseNpz(readFileBytes(path), path, options);
}

/**
 * Returns the named array, or throws DataError `NPZ_MISSING_KEY` listing the keys present.
 *
 * @example
 * ```ts
 * const x = getNpzArray(readNpz('data.npz'), 'x', 'data.npz');
 * ```
 */
export function getNpzArray(arrays: ReadonlyMap<string, HostTensor>, key: string, file = '<npz>'): HostTensor {
  const found = arrays.get(key);
  if (found !== undefined) return found;
  const present = [...arrays.keys()];
  throw new DataError(
    'NPZ_MISSING_KEY',
    `${file}: no array named '${key}'; the archive holds ${present.length > 0 ? present.map((k) => `'${k}'`).join(', ') : 'no arrays'}. ` +
      `Save it with numpy.savez(..., ${key}=arr) or ask for one of the keys present.`,
    { file, expected: key, actual: present },
  );
}

/**
 * Encodes arrays as `.npz` bytes (member `<key>.npy` per array, in map order).
 *
 * @example
 * ```ts
 * const bytes = encodeNpz(new Map([['x', makeTensor('float32', [2], [1, 2])]]));
 * ```
 */
export function encodeNpz(arrays: ReadonlyMap<string, HostTensor>, options: WriteNpzOptions = {}, file = '<npz>'): Uint8Array {
  const entries = [...arrays].map(([key, t]) => ({ name: `${key}.npy`, data: encodeNpy(t) }));
  return writeZip(entries, { compress: options.compress ?? false }, file);
}

/**
 * Writes arrays as an `.npz` file atomically (temporary file in the same folder, then rename);
 * `numpy.load` reads it back. Throws DataError `FILE_WRITE` if the file cannot be written.
 *
 * @example
 * ```ts
 * writeNpz('out/run.npz', new Map([['logits', logits], ['labels', labels]]), { compress: true });
 * ```
 */
export function writeNpz(path: string, arrays: ReadonlyMap<string, HostTensor>, options: WriteNpzOptions = {}): void {
  writeFileAtomic(path, encodeNpz(arrays, options, path));
}
