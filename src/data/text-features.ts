import type { HostTensor } from '../core/index.js';
import type { TextScan } from './text-scan.js';

/** Options of {@link bagOfWords}. */
export interface BagOfWordsOptions {
  /** Most frequent words kept as features; default 4096. */
  readonly maxWords?: number;
  /** Words in fewer texts than this are dropped; default 2. */
  readonly minDocuments?: number;
}

/**
 * TF-IDF bag-of-words features of a scanned text column: (1 + ln tf) · ln((1 + n) / (1 + df)) + 1
 * per kept word, each row scaled to unit length — the classic text representation on which a
 * logistic regression is a strong baseline, and what `keel check --text` cross-validates to find
 * label issues.
 *
 * @example
 * ```ts
 * const x = bagOfWords(scan, { maxWords: 2048 }); // float32 [rows, ≤ 2048]
 * ```
 */
export function bagOfWords(scan: TextScan, opts: BagOfWordsOptions = {}): HostTensor<'float32'> {
  const minDf = opts.minDocuments ?? 2;
  const kept = [...scan.documentFrequency.keys()]
    .filter((i) => scan.documentFrequency[i]! >= minDf)
    .sort((a, b) => scan.documentFrequency[b]! - scan.documentFrequency[a]! || a - b)
    .slice(0, opts.maxWords ?? 4096);
  const column = new Int32Array(scan.vocabulary.length).fill(-1);
  kept.forEach((w, j) => (column[w] = j));
  const v = kept.length;
  const idf = Float64Array.from(kept, (w) => Math.log((1 + scan.rows) / (1 + scan.documentFrequency[w]!)) + 1);
  const data = new Float32Array(scan.rows * v);
  scan.words.forEach((ids, r) => {
    const tf = new Map<number, number>();
    for (const id of ids) {
      const j = column[id]!;
      if (j >= 0) tf.set(j, (tf.get(j) ?? 0) + 1);
    }
    let norm = 0;
    for (const [j, c] of tf) {
      const x = (1 + Math.log(c)) * idf[j]!;
      data[r * v + j] = x;
      norm += x * x;
    }
    const s = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (const j of tf.keys()) data[r * v + j]! *= s;
  });
  return { dtype: 'float32', shape: [scan.rows, v], data };
}
