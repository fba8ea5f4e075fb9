import { columnIndex, TextColumnGuard } from './columns.js';
import type { DataSource } from './data-source.js';
import { minhashInto, minhashSeeds, MINHASH_SLOTS, nearCopyGroups, NEAR_COPY_SIMILARITY, shingleHashes } from './minhash.js';
import { foldText, newRowHashes, rowKey } from './row-hasher.js';
import { textWords } from './words.js';

/** A text that decoded as UTF-8 but shows signs of a broken encoding or escaping. */
export interface EncodingProblem {
  /** 0-based data row. */
  readonly row: number;
  /** 1-based source line (0 for in-memory tables). */
  readonly line: number;
  /** 1-based character column of the first suspicious character within the cell. */
  readonly column: number;
  readonly kind: EncodingProblemKind;
  /** The suspicious characters, as found. */
  readonly sample: string;
}

/** What looks wrong: U+FFFD, UTF-8 read as Latin-1 (mojibake), control characters, HTML escapes, invisible characters. */
export type EncodingProblemKind = 'replacement_character' | 'mojibake' | 'control_character' | 'html_entity' | 'invisible_character';

const PROBLEMS: readonly (readonly [EncodingProblemKind, RegExp])[] = [
  ['replacement_character', /\uFFFD/],
  ['mojibake', /[ÃÂ][\u0080-\u00BF]|â€[\u0080-\u00BF™œ\u009d]/],
  ['control_character', /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/],
  ['html_entity', /&(?:lt|gt|amp|quot|apos|nbsp|#\d{1,6}|#x[0-9a-fA-F]{1,6});/],
  ['invisible_character', /[\uFEFF\u200B-\u200D\u2060]/],
];

/**
 * Everything the text checks need from one split's text column, gathered in one streaming pass:
 * which rows are empty, words per row, MinHash signatures of character shingles, exact-copy keys,
 * the word vocabulary with document frequencies, and encoding problems with their line.
 */
export interface TextScan {
  readonly column: string;
  readonly rows: number;
  /** 1-based source line of each row (0 for in-memory tables). */
  readonly lines: Int32Array;
  /** 1 where the text is empty or whitespace only. */
  readonly empty: Uint8Array;
  /** Words per row. */
  readonly lengths: Float64Array;
  /** Key of the normalized text (exact-copy test; NaN for empty rows). */
  readonly exactKeys: Float64Array;
  /** rows × `MINHASH_SLOTS` signatures (comparable across splits scanned with the same seed). */
  readonly signatures: Uint32Array;
  /** The first 120 characters of each text, for evidence. */
  readonly previews: readonly string[];
  /** Each row's words as indices into {@link TextScan.vocabulary}. */
  readonly words: readonly Int32Array[];
  readonly vocabulary: readonly string[];
  /** Rows containing each vocabulary word. */
  readonly documentFrequency: Int32Array;
  readonly encoding: readonly EncodingProblem[];
}

/** Options of {@link scanTexts}. */
export interface TextScanOptions {
  /** Seed of the MinHash functions (use the same for train and test); default 0. */
  readonly seed?: number;
  /** Characters per shingle; default 5. */
  readonly shingle?: number;
}

/**
 * The normal form duplicates are judged on: NFKC, lower case, runs of white space as one space.
 *
 * @example
 * ```ts
 * comparisonForm('  Hello\tWORLD '); // 'hello world'
 * ```
 */
export function comparisonForm(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** The first encoding problem of a cell, if any. */
export function encodingProblem(text: string): { kind: EncodingProblemKind; index: number; sample: string } | undefined {
  let found: { kind: EncodingProblemKind; index: number; sample: string } | undefined;
  for (const [kind, re] of PROBLEMS) {
    const m = re.exec(text);
    if (m !== null && (found === undefined || m.index < found.index)) found = { kind, index: m.index, sample: m[0] };
  }
  return found;
}

/**
 * Reads the text column `column` of a source once and builds its {@link TextScan}. Throws a
 * typed error when the column is missing (`COLUMN_NOT_FOUND`) or holds numbers only (`TEXT_NUMERIC`).
 *
 * @example
 * ```ts
 * const scan = await scanTexts(await openSource('sms.tsv'), 'text', { seed: 1 });
 * scan.encoding; // [{ row, line, column, kind: 'html_entity', sample: '&lt;' }]
 * ```
 */
export async function scanTexts(source: DataSource, column: string, opts: TextScanOptions = {}): Promise<TextScan> {
  const j = columnIndex(source.name, source.columns, column, 'text');
  const guard = new TextColumnGuard(source.name, column, j + 1);
  const seeds = minhashSeeds(opts.seed ?? 0);
  const k = opts.shingle ?? 5;
  const lines: number[] = [];
  const lengths: number[] = [];
  const keys: number[] = [];
  const previews: string[] = [];
  const words: Int32Array[] = [];
  const vocab = new Map<string, number>();
  const df: number[] = [];
  const encoding: EncodingProblem[] = [];
  const sigParts: Uint32Array[] = [];
  const empty: number[] = [];
  for await (const chunk of source.chunks()) {
    const cells = chunk.cells[j]!;
    const sig = new Uint32Array(chunk.length * MINHASH_SLOTS);
    const hashes = newRowHashes(chunk.length);
    for (let i = 0; i < chunk.length; i++) {
      const row = chunk.offset + i;
      const text = cells[i]!;
      const line = chunk.lines[i] ?? 0;
      lines.push(line);
      guard.see(text, line);
      previews.push(text.length > 120 ? `${text.slice(0, 117)}...` : text);
      const norm = comparisonForm(text);
      empty.push(norm.length === 0 ? 1 : 0);
      foldText(hashes, i, norm);
      keys.push(norm.length === 0 ? Number.NaN : rowKey(hashes, i));
      minhashInto(shingleHashes(norm, k), seeds, sig, i * MINHASH_SLOTS);
      const ws = textWords(norm);
      lengths.push(ws.length);
      const ids = new Int32Array(ws.length);
      const seen = new Set<number>();
      ws.forEach((w, t) => {
        let id = vocab.get(w);
        if (id === undefined) {
          id = vocab.size;
          vocab.set(w, id);
          df.push(0);
        }
        ids[t] = id;
        if (!seen.has(id)) df[id]!++;
        seen.add(id);
      });
      words.push(ids);
      const bad = encodingProblem(text);
      if (bad !== undefined) encoding.push({ row, line, column: bad.index + 1, kind: bad.kind, sample: bad.sample });
    }
    sigParts.push(sig);
  }
  guard.check();
  const signatures = new Uint32Array(lines.length * MINHASH_SLOTS);
  let o = 0;
  for (const part of sigParts) {
    signatures.set(part, o);
    o += part.length;
  }
  return Object.freeze({
    column,
    rows: lines.length,
    lines: Int32Array.from(lines),
    empty: Uint8Array.from(empty),
    lengths: Float64Array.from(lengths),
    exactKeys: Float64Array.from(keys),
    signatures,
    previews,
    words,
    vocabulary: [...vocab.keys()],
    documentFrequency: Int32Array.from(df),
    encoding,
  });
}

/**
 * Groups of texts that are exact (after {@link comparisonForm}) or near copies of each other, as
 * the text checks judge them (MinHash of character shingles with the same seed and shingle length
 * as {@link scanTexts}; similarity at least `threshold`, default {@link NEAR_COPY_SIMILARITY}):
 * the group of a text is the index of the first text of its group. Pass them to `splitRows` to
 * keep every copy on one side of a split.
 *
 * @example
 * ```ts
 * textCopyGroups(['Call me', 'call  me!', 'Hello']); // Int32Array [0, 0, 2]
 * ```
 */
export function textCopyGroups(texts: readonly string[], opts: TextScanOptions & { readonly threshold?: number } = {}): Int32Array {
  const seeds = minhashSeeds(opts.seed ?? 0);
  const k = opts.shingle ?? 5;
  const sig = new Uint32Array(texts.length * MINHASH_SLOTS);
  const empty = new Uint8Array(texts.length);
  texts.forEach((text, i) => {
    const norm = comparisonForm(text);
    empty[i] = norm.length === 0 ? 1 : 0;
    minhashInto(shingleHashes(norm, k), seeds, sig, i * MINHASH_SLOTS);
  });
  return nearCopyGroups(sig, texts.length, opts.threshold ?? NEAR_COPY_SIMILARITY, empty);
}
