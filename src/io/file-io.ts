/** Reading whole files and writing them atomically, with typed errors. Internal to `io`. */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DataError } from '../core/index.js';

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
      throw new DataError('FILE_NOT_FOUND', `${path}: file not found. Check the path and the working directory.`, { file: path }, { cause });
    }
    throw new DataError('FILE_READ', `${path}: cannot read the file (${code ?? String(cause)}). Check that it is a readable file.`, { file: path, errno: code }, { cause });
  }
}

/**
 * Writes `bytes` to a temporary file beside `path`, flushes it and renames it over `path`,
 * so readers never see a half-written file. Throws DataError `FILE_WRITE`.
 * @example `writeFileAtomic('out.npy', encodeNpy(t));`
 */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
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
    const code = errnoCode(cause);
    throw new DataError(
      'FILE_WRITE',
      `${path}: cannot write the file (${code ?? String(cause)}). Check that the folder exists and is writable.`,
      { file: path, errno: code },
      { cause },
    );
  }
}

function errnoCode(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string') return e.code;
  return undefined;
}
