/** Reading whole files and writing them atomically, with typed errors. Internal to `io`. */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DataError, UsageError } from '../core/index.js';
import { firstNonFolder } from './output-guard.js';

/**
 * Reads a whole file. Throws DataError `FILE_NOT_FOUND` or `FILE_READ`.
 * @example `const bytes = readFileBytes('x.npy');`
 */
export function readFileBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (cause) {
    const code = errnoCode(cause);
    if (code === 'ENOENT') {
      throw new UsageError('FILE_NOT_FOUND', `${path}: file not found. Check the path and the working directory.`, { file: path }, { cause });
    }
    throw new DataError('FILE_READ', `${path}: cannot read the file (${code ?? String(cause)}). Check that it is a readable file.`, { file: path, errno: code }, { cause });
  }
}

let siblings = 0;
const STARTED = Math.round(performance.timeOrigin * 1000).toString(36);

/**
 * The temporary sibling an atomic write goes through: same folder (so the rename is atomic),
 * hidden, unique per process or worker (pid and start time in µs) and call (a counter). No random bytes: loading
 * node:crypto for them cost more than a small `keel predict` spends in Keel.
 * @example `tempSibling('out/x.npy'); // 'out/.x.npy.4242.1a2b3c4d5e6.0.tmp'`
 */
export function tempSibling(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${STARTED}.${(siblings++).toString(36)}.tmp`);
}

/**
 * Creates `dir` and its missing parents. An existing non-folder in the way is a UsageError
 * `OUTPUT_NOT_FOLDER`; other failures are DataError `FILE_WRITE`.
 * @example `ensureFolder('runs/mlp'); // then write runs/mlp/model.onnx`
 */
export function ensureFolder(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (cause) {
    const code = errnoCode(cause);
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      const blocker = firstNonFolder(dir) ?? dir;
      throw new UsageError('OUTPUT_NOT_FOLDER', `Cannot create the folder ${dir}: ${blocker} is a file, not a folder. Choose another output path or move that file.`, { file: dir, blocker }, { cause });
    }
    throw new DataError('FILE_WRITE', `${dir}: cannot create the folder (${code ?? String(cause)}). Check that its parent is writable.`, { file: dir, errno: code }, { cause });
  }
}

/**
 * Writes `data` (bytes, or text as UTF-8) to a temporary file beside `path`, syncs it and renames
 * it over `path`, so readers never see a half-written file and a failure leaves the old file.
 * Missing parent folders are created. An existing folder at `path` is a UsageError
 * `OUTPUT_IS_FOLDER`; other failures are DataError `FILE_WRITE`.
 * @example `writeFileAtomic('out.npy', encodeNpy(t)); writeFileAtomic('r.json', '{}');`
 */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  ensureFolder(dirname(path));
  refuseFolder(path);
  const tmp = tempSibling(path);
  try {
    const fd = openSync(tmp, 'wx');
    try {
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (cause) {
    rmSync(tmp, { force: true });
    throw writeError(path, cause);
  }
}

/** UsageError `OUTPUT_IS_FOLDER` when `path` is an existing folder (a file was expected). */
export function refuseFolder(path: string): void {
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    return;
  }
  if (isDir) throw new UsageError('OUTPUT_IS_FOLDER', `${path} is a folder, but this output is a file. Give a file path (for example one inside that folder).`, { file: path });
}

/** The typed error for a failed write of `path`. */
export function writeError(path: string, cause: unknown): DataError {
  const code = errnoCode(cause);
  return new DataError('FILE_WRITE', `${path}: cannot write the file (${code ?? String(cause)}). Check that the folder is writable and has space.`, { file: path, errno: code }, { cause });
}

/** The Node errno code of an error (`ENOENT`, ...), if any. */
export function errnoCode(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string') return e.code;
  return undefined;
}
