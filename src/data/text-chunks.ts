import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { DataError, UsageError } from '../core/index.js';

/**
 * Throws a `FILE_NOT_FOUND` usage error unless `path` can be read.
 *
 * @example
 * ```ts
 * await assertReadable('train.csv');
 * ```
 */
export async function assertReadable(path: string): Promise<void> {
  try {
    await access(path);
  } catch (e) {
    throw new UsageError('FILE_NOT_FOUND', `Cannot read "${path}": no such file. Check the path.`, { file: path }, {
      cause: e,
    });
  }
}

/** Index of the first byte of `bytes` that breaks UTF-8 (the platform's strict decoder decides). */
function firstInvalidByte(bytes: Uint8Array): number {
  const valid = (n: number): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (valid(mid)) lo = mid;
    else hi = mid - 1;
  }
  // Byte `lo` is where decoding fails; an unfinished sequence just before it is the culprit.
  for (let k = lo - 1; k >= Math.max(0, lo - 3); k--) {
    const b = bytes[k]!;
    if (b >= 0xc0) return k;
    if (b < 0x80) break;
  }
  return lo;
}

/** Length of the prefix of `bytes` that does not end inside a multi-byte sequence. */
function completePrefix(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let k = n - 1; k >= Math.max(0, n - 3); k--) {
    const b = bytes[k]!;
    if (b < 0x80) return n;
    if (b >= 0xc0) return n - k < (b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2) ? k : n;
  }
  return n;
}

/** Where a text stream is: 1-based line and column of the next character. */
class Position {
  line = 1;
  column = 1;
  advance(text: string): void {
    const last = text.lastIndexOf('\n');
    if (last < 0) {
      this.column += text.length;
      return;
    }
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.line++;
    this.column = text.length - last;
  }
}

/**
 * Streams a text file (gunzipping `*.gz`) as strictly decoded UTF-8 pieces of about 1 MiB, a
 * leading byte-order mark dropped. The first invalid byte is the `DataError` `code`
 * naming the file, line, column and byte offset.
 *
 * @example
 * ```ts
 * for await (const text of readTextChunks('a.csv', 'CSV_INVALID_UTF8')) console.log(text.length);
 * ```
 */
export async function* readTextChunks(path: string, code: 'CSV_INVALID_UTF8' | 'JSONL_INVALID_UTF8'): AsyncGenerator<string> {
  await assertReadable(path);
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  const stream = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const at = new Position();
  let consumed = 0;
  let carry = new Uint8Array(0);
  const decode = (chunk: Uint8Array, final: boolean): string => {
    const bytes = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
    const cut = final ? bytes.length : completePrefix(bytes);
    const body = bytes.subarray(0, cut);
    carry = bytes.slice(cut);
    try {
      let text = decoder.decode(body);
      if (consumed === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      at.advance(text);
      consumed += cut;
      return text;
    } catch (e) {
      const bad = firstInvalidByte(body);
      at.advance(decoder.decode(body.subarray(0, bad)));
      const byteOffset = consumed + bad;
      throw new DataError(
        code,
        `${path}:${at.line}:${at.column}: byte ${byteOffset} is not valid UTF-8. ` +
          'Re-save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8).',
        { file: path, line: at.line, column: at.column, byteOffset },
        { cause: e },
      );
    }
  };
  try {
    for await (const buf of stream as AsyncIterable<Buffer>) {
      const text = decode(buf, false);
      if (text.length > 0) yield text;
    }
    const last = decode(new Uint8Array(0), true);
    if (last.length > 0) yield last;
  } finally {
    raw.destroy();
    if (stream !== raw) stream.destroy();
  }
}
