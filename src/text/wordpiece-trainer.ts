/**
 * Vocabulary learning for the two tokenizer models: WordPiece (subwords learnt by byte-pair-style
 * merges over the training words, continuation pieces marked `##`, as Hugging Face's WordPiece
 * trainer does) and word-level (the most frequent whole words).
 */

/** Options shared by both vocabulary learners. */
export interface VocabOptions {
  /** Largest vocabulary, special tokens included. */
  readonly vocabSize: number;
  /** A merge (WordPiece) or a word (word-level) must occur at least this often. */
  readonly minFrequency: number;
  /** Tokens placed first, in order (ids 0, 1, ...). */
  readonly special: readonly string[];
}

/** The marker of a WordPiece piece that continues a word. */
export const CONTINUATION = '##';

const byCountThenText = (a: readonly [string, number], b: readonly [string, number]): number => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * The word-level vocabulary: special tokens, then the words seen at least `minFrequency` times,
 * most frequent first (ties in code-unit order), up to `vocabSize`.
 * @example `learnWordVocab(new Map([['hi', 3]]), { vocabSize: 10, minFrequency: 1, special: ['[PAD]'] }) // ['[PAD]', 'hi']`
 */
export function learnWordVocab(counts: ReadonlyMap<string, number>, o: VocabOptions): string[] {
  const special = new Set(o.special);
  const words = [...counts].filter(([w, c]) => c >= o.minFrequency && !special.has(w)).sort(byCountThenText);
  return [...o.special, ...words.slice(0, Math.max(0, o.vocabSize - o.special.length)).map(([w]) => w)];
}

/** One distinct training word as its current pieces. */
interface WordState {
  pieces: string[];
  readonly count: number;
}

const SEP = '\u0001';

function pairsOf(w: WordState, add: (key: string, delta: number) => void, sign: number): void {
  for (let i = 0; i + 1 < w.pieces.length; i++) add(w.pieces[i]! + SEP + w.pieces[i + 1]!, sign * w.count);
}

/**
 * The WordPiece vocabulary: special tokens, every character of the training words (as a word
 * start and as a `##` continuation), then merged pieces in the order they were learnt: each step
 * merges the most frequent adjacent pair (ties in code-unit order) until `vocabSize` is reached or
 * no pair occurs `minFrequency` times. Deterministic for the same counts.
 * @example `learnWordPieceVocab(counts, { vocabSize: 4000, minFrequency: 2, special: ['[PAD]', '[UNK]', '[CLS]'] })`
 */
export function learnWordPieceVocab(counts: ReadonlyMap<string, number>, o: VocabOptions): string[] {
  const words: WordState[] = [...counts].sort(byCountThenText).map(([w, count]) => ({ pieces: Array.from(w).map((ch, i) => (i === 0 ? ch : CONTINUATION + ch)), count }));
  const symbolCounts = new Map<string, number>();
  for (const w of words) for (const p of w.pieces) symbolCounts.set(p, (symbolCounts.get(p) ?? 0) + w.count);
  const vocab = [...o.special];
  const known = new Set(vocab);
  for (const [s] of [...symbolCounts].sort(byCountThenText)) {
    if (vocab.length >= o.vocabSize) break;
    if (!known.has(s)) {
      vocab.push(s);
      known.add(s);
    }
  }
  const pairCounts = new Map<string, number>();
  const holders = new Map<string, Set<number>>();
  const add = (key: string, delta: number): void => {
    const c = (pairCounts.get(key) ?? 0) + delta;
    if (c <= 0) pairCounts.delete(key);
    else pairCounts.set(key, c);
  };
  words.forEach((w, wi) => {
    pairsOf(w, add, 1);
    for (let i = 0; i + 1 < w.pieces.length; i++) {
      const key = w.pieces[i]! + SEP + w.pieces[i + 1]!;
      let set = holders.get(key);
      if (!set) holders.set(key, (set = new Set()));
      set.add(wi);
    }
  });
  while (vocab.length < o.vocabSize) {
    let best = '';
    let bestCount = 0;
    for (const [key, c] of pairCounts) if (c > bestCount || (c === bestCount && key < best)) [best, bestCount] = [key, c];
    if (bestCount < Math.max(1, o.minFrequency)) break;
    const [a, b] = best.split(SEP) as [string, string];
    const merged = a + (b.startsWith(CONTINUATION) ? b.slice(CONTINUATION.length) : b);
    for (const wi of holders.get(best) ?? []) {
      const w = words[wi]!;
      pairsOf(w, add, -1);
      const next: string[] = [];
      for (let i = 0; i < w.pieces.length; i++) {
        if (i + 1 < w.pieces.length && w.pieces[i] === a && w.pieces[i + 1] === b) {
          next.push(merged);
          i++;
        } else next.push(w.pieces[i]!);
      }
      w.pieces = next;
      pairsOf(w, add, 1);
      for (let i = 0; i + 1 < next.length; i++) {
        const key = next[i]! + SEP + next[i + 1]!;
        let set = holders.get(key);
        if (!set) holders.set(key, (set = new Set()));
        set.add(wi);
      }
    }
    holders.delete(best);
    pairCounts.delete(best);
    if (!known.has(merged)) {
      vocab.push(merged);
      known.add(merged);
    }
  }
  return vocab;
}
