import { UsageError, type HostTensor } from '../core/index.js';
import type { Tokenizer } from './tokenizer.js';

/** Token ids of several texts, right-padded to one length, with their real lengths. */
export interface EncodedTexts {
  /** [N, T] int64 token ids; positions past a row's length hold the tokenizer's pad id. */
  readonly ids: HostTensor<'int64'>;
  /** [N, T] float32: 1 for a real token, 0 for padding. */
  readonly mask: HostTensor<'float32'>;
  /** Tokens of each row after truncation (special tokens included). */
  readonly lengths: Int32Array;
  /** Rows that were cut to `maxLength`. */
  readonly truncated: number;
}

/** Options of {@link encodeTexts}. */
export interface EncodeOptions {
  /** Most tokens per row (special tokens included); longer texts are cut. Default the tokenizer's. */
  readonly maxLength?: number;
  /** Pad every row to this length (≥ the longest row); default the longest row in the batch. */
  readonly padTo?: number;
}

/**
 * Tokenizes texts into an id matrix and its mask, padding on the right with the pad id to the
 * longest row (or `padTo`) after truncation to `maxLength`.
 * @example `const { ids, mask } = encodeTexts(tok, ['free entry', 'ok'], { maxLength: 64 });`
 */
export function encodeTexts(tok: Tokenizer, texts: readonly string[], o: EncodeOptions = {}): EncodedTexts {
  const maxLength = o.maxLength ?? tok.config.maxLength;
  const minimum = tok.config.prefix.length + tok.config.suffix.length + 1;
  if (!Number.isInteger(maxLength) || maxLength < minimum) throw new UsageError('TEXT_MAX_LENGTH', `maxLength must be an integer ≥ ${minimum} (the special tokens plus one token of text), got ${maxLength}`, { maxLength, minimum });
  const rows = texts.map((t) => tok.encode(t, maxLength));
  let truncated = 0;
  for (const [i, t] of texts.entries()) if (rows[i]!.length >= maxLength && tok.encode(t, maxLength + 1).length > maxLength) truncated++;
  const longest = rows.reduce((m, r) => Math.max(m, r.length), 1);
  const width = o.padTo ?? longest;
  if (width < longest) throw new UsageError('TEXT_MAX_LENGTH', `padTo ${width} is shorter than the longest encoded row (${longest} tokens)`, { padTo: width, longest });
  const ids = new BigInt64Array(rows.length * width).fill(BigInt(tok.padId));
  const mask = new Float32Array(rows.length * width);
  const lengths = new Int32Array(rows.length);
  rows.forEach((r, i) => {
    lengths[i] = r.length;
    r.forEach((id, j) => {
      ids[i * width + j] = BigInt(id);
      mask[i * width + j] = 1;
    });
  });
  return { ids: { dtype: 'int64', shape: [rows.length, width], data: ids }, mask: { dtype: 'float32', shape: [rows.length, width], data: mask }, lengths, truncated };
}
