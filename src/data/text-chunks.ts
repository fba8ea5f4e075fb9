import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { UsageError } from '../core/index.js';
import { Utf8Decoder, type InvalidUtf8 } from './utf8-decoder.js';

/** A piece of decoded text, or the point where the bytes stop being valid UTF-8. */
export type TextChunk = { readonly text: string } | { readonly invalid: InvalidUtf8 };

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

/**
 * Streams a text file (gunzipping `*.gz`) as strictly decoded UTF-8 pieces of about 1 MiB. On the
 * first invalid byte it yields `{ invalid }` and stops, so the caller can report line and column.
 *
 * @example
 * ```ts
 * for await (const c of readTextChunks('a.csv')) if ('text' in c) console.log(c.text.length);
 * ```
 */
export async function* readTextChunks(path: string): AsyncGenerator<TextChunk> {
  await assertReadable(path);
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  const stream = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  const decoder = new Utf8Decoder();
  try {
    for await (const buf of stream as AsyncIterable<Buffer>) {
      const r = decoder.decode(buf);
      if (typeof r !== 'string') {
        yield { invalid: r };
        return;
      }
      if (r.length > 0) yield { text: r };
    }
    const last = decoder.decode(new Uint8Array(0), true);
    if (typeof last !== 'string') yield { invalid: last };
    else if (last.length > 0) yield { text: last };
  } finally {
    raw.destroy();
    if (stream !== raw) stream.destroy();
  }
}
