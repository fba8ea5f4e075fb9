import { Rng, fmix32 } from '../core/index.js';

/**
 * MinHash signatures of texts (sets of character shingles) and locality-sensitive banding to
 * find near-duplicate pairs without comparing every pair. The share of equal signature slots
 * estimates the Jaccard similarity of two shingle sets (standard error ≈ √(J(1−J)/P)).
 */

/** Signature slots per text (P); 32 bands of 4 slots find pairs with J ≳ 0.5 reliably. */
export const MINHASH_SLOTS = 128;
const BAND_ROWS = 4;

/**
 * 32-bit hashes of the overlapping `k`-character shingles of `text` (the whole text when it is
 * shorter than `k`; none when it is empty).
 *
 * @example
 * ```ts
 * shingleHashes('hello', 3).length; // 3 ("hel", "ell", "llo")
 * ```
 */
export function shingleHashes(text: string, k: number): Uint32Array {
  if (text.length === 0) return new Uint32Array(0);
  const count = Math.max(1, text.length - k + 1);
  const out = new Uint32Array(count);
  for (let s = 0; s < count; s++) {
    let h = 0x811c9dc5;
    const end = Math.min(text.length, s + k);
    for (let i = s; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    out[s] = fmix32(h);
  }
  return out;
}

/** Seeds of the P hash functions (the same seed gives comparable signatures across splits). */
export function minhashSeeds(seed: number): Uint32Array {
  const rng = new Rng(seed);
  return Uint32Array.from({ length: MINHASH_SLOTS }, () => rng.nextU32());
}

/**
 * Writes the MinHash signature of a shingle set into `out` at `offset` (P slots). An empty set
 * gets all-ones slots and never matches anything (see {@link signatureSimilarity}).
 */
export function minhashInto(shingles: Uint32Array, seeds: Uint32Array, out: Uint32Array, offset: number): void {
  for (let p = 0; p < seeds.length; p++) {
    let min = 0xffffffff;
    const s = seeds[p]!;
    for (const h of shingles) {
      const v = fmix32(h ^ s);
      if (v < min) min = v;
    }
    out[offset + p] = min;
  }
}

/**
 * Estimated Jaccard similarity of rows `a` of `sa` and `b` of `sb` (0 when either is empty).
 *
 * @example
 * ```ts
 * signatureSimilarity(sigs, 0, sigs, 1); // 0.93
 * ```
 */
export function signatureSimilarity(sa: Uint32Array, a: number, sb: Uint32Array, b: number): number {
  const oa = a * MINHASH_SLOTS;
  const ob = b * MINHASH_SLOTS;
  if (sa[oa] === 0xffffffff || sb[ob] === 0xffffffff) return 0;
  let same = 0;
  for (let p = 0; p < MINHASH_SLOTS; p++) if (sa[oa + p] === sb[ob + p]) same++;
  return same / MINHASH_SLOTS;
}

function bandKey(sig: Uint32Array, row: number, band: number): string {
  const o = row * MINHASH_SLOTS + band * BAND_ROWS;
  let key = `${band}`;
  for (let i = 0; i < BAND_ROWS; i++) key += `:${sig[o + i]!}`;
  return key;
}

/** A near-duplicate match: `row` resembles `other` with estimated Jaccard `similarity`. */
export interface TextMatch {
  readonly row: number;
  readonly other: number;
  readonly similarity: number;
}

/** Band index over the signatures of one split. */
function bandIndex(sig: Uint32Array, rows: number, skip: Uint8Array | undefined): Map<string, number[]> {
  const index = new Map<string, number[]>();
  for (let r = 0; r < rows; r++) {
    if (skip?.[r] === 1) continue;
    for (let band = 0; band < MINHASH_SLOTS / BAND_ROWS; band++) {
      const key = bandKey(sig, r, band);
      const list = index.get(key);
      if (list === undefined) index.set(key, [r]);
      else list.push(r);
    }
  }
  return index;
}

function bestMatch(sig: Uint32Array, row: number, index: Map<string, number[]>, other: Uint32Array, accept: (q: number) => boolean, threshold: number): TextMatch | undefined {
  let best: TextMatch | undefined;
  const seen = new Set<number>();
  for (let band = 0; band < MINHASH_SLOTS / BAND_ROWS; band++) {
    for (const q of index.get(bandKey(sig, row, band)) ?? []) {
      if (seen.has(q) || !accept(q)) continue;
      seen.add(q);
      const s = signatureSimilarity(sig, row, other, q);
      if (s >= threshold && (best === undefined || s > best.similarity || (s === best.similarity && q < best.other))) best = { row, other: q, similarity: s };
    }
  }
  return best;
}

/**
 * Rows that repeat an earlier row of the same split: for each row, the most similar earlier row
 * whose estimated Jaccard similarity is at least `threshold`. Rows flagged in `skip` (empty
 * texts) take no part.
 *
 * @example
 * ```ts
 * nearDuplicateTexts(sigs, n, 0.8); // [{ row: 7, other: 2, similarity: 0.91 }]
 * ```
 */
export function nearDuplicateTexts(sig: Uint32Array, rows: number, threshold: number, skip?: Uint8Array): TextMatch[] {
  const index = bandIndex(sig, rows, skip);
  const out: TextMatch[] = [];
  for (let r = 0; r < rows; r++) {
    if (skip?.[r] === 1) continue;
    const m = bestMatch(sig, r, index, sig, (q) => q < r, threshold);
    if (m !== undefined) out.push(m);
  }
  return out;
}

/**
 * Rows of split B that resemble some row of split A (signatures made with the same seeds):
 * `row` indexes B, `other` indexes A.
 *
 * @example
 * ```ts
 * matchAcross(trainSigs, nTrain, testSigs, nTest, 0.8); // test rows leaking from train
 * ```
 */
export function matchAcross(a: Uint32Array, rowsA: number, b: Uint32Array, rowsB: number, threshold: number, skipA?: Uint8Array, skipB?: Uint8Array): TextMatch[] {
  const index = bandIndex(a, rowsA, skipA);
  const out: TextMatch[] = [];
  for (let r = 0; r < rowsB; r++) {
    if (skipB?.[r] === 1) continue;
    const m = bestMatch(b, r, index, a, () => true, threshold);
    if (m !== undefined) out.push(m);
  }
  return out;
}

/**
 * The smallest estimated Jaccard similarity of two texts' character-shingle sets at which the
 * text checks count them as the same text (`duplicate_texts`, `text_leakage`) by default.
 */
export const NEAR_COPY_SIMILARITY = 0.8;

/**
 * Groups of rows that are copies of each other: every pair whose estimated Jaccard similarity
 * is at least `threshold` is joined (transitively, so chains of near copies form one group).
 * The group of a row is the smallest row index in it. Rows flagged in `skip` (empty texts)
 * stay alone. Splitting by these groups keeps every near copy on one side of a split, so the
 * `text_leakage` check with the same seed and threshold finds none.
 *
 * @example
 * ```ts
 * nearCopyGroups(sigs, n, 0.8); // Int32Array [0, 1, 0, 3, ...]: row 2 is a copy of row 0
 * ```
 */
export function nearCopyGroups(sig: Uint32Array, rows: number, threshold: number, skip?: Uint8Array): Int32Array {
  const parent = Int32Array.from({ length: rows }, (_, r) => r);
  const root = (r: number): number => {
    let q = r;
    while (parent[q] !== q) q = parent[q] = parent[parent[q]!]!;
    return q;
  };
  for (const list of bandIndex(sig, rows, skip).values()) {
    for (let i = 1; i < list.length; i++) {
      for (let j = 0; j < i; j++) {
        const a = root(list[i]!);
        const b = root(list[j]!);
        if (a !== b && signatureSimilarity(sig, list[i]!, sig, list[j]!) >= threshold) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  }
  return Int32Array.from({ length: rows }, (_, r) => root(r));
}
