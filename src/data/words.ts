/**
 * Keel's one word splitter, used by the tokenizer (src/text) and the text checks alike: text
 * normalization and pre-tokenization as Hugging Face `tokenizers` spells them in a
 * `tokenizer.json` — the normalizer `Sequence[NFKC, Lowercase]` (lowercasing optional) and the
 * `BertPreTokenizer` (split on whitespace, and every punctuation character is a word of its own).
 */

/** The normalizer steps Keel reads and writes. */
export interface NormalizerSpec {
  readonly nfkc: boolean;
  readonly lowercase: boolean;
}

/**
 * Applies NFKC (compatibility composition: full-width letters, ligatures and the like become
 * their plain forms) and then lowercasing, each when asked.
 * @example `normalizeText('ＦＲＥＥ ﬁne', { nfkc: true, lowercase: true }) // 'free fine'`
 */
export function normalizeText(text: string, spec: NormalizerSpec): string {
  let t = spec.nfkc ? text.normalize('NFKC') : text;
  if (spec.lowercase) t = t.toLowerCase();
  return t;
}

const PUNCT_ASCII = /[!-/:-@[-`{-~]/u;
const PUNCT = /\p{P}/u;

/** Whether `ch` (one code point) is punctuation for the BERT pre-tokenizer: ASCII symbols and Unicode P*. */
function isPunctuation(ch: string): boolean {
  return PUNCT_ASCII.test(ch) || PUNCT.test(ch);
}

/**
 * Splits normalized text into words: runs of non-space, non-punctuation characters, with each
 * punctuation character a word of its own (`"win £100!"` → `win`, `£100`, `!`).
 * @example `preTokenize("don't stop") // ['don', "'", 't', 'stop']`
 */
export function preTokenize(text: string): string[] {
  const words: string[] = [];
  let cur = '';
  for (const ch of text) {
    if (/\s/u.test(ch) || ch === '\u0000' || ch === '\ufffd') {
      if (cur !== '') words.push(cur);
      cur = '';
    } else if (isPunctuation(ch)) {
      if (cur !== '') words.push(cur);
      words.push(ch);
      cur = '';
    } else cur += ch;
  }
  if (cur !== '') words.push(cur);
  return words;
}

/**
 * The words of a normalized text as the text checks count them: the pre-tokenizer's words
 * without its punctuation marks (so a check sees the words a tokenizer starts from).
 *
 * @example
 * ```ts
 * textWords("don't stop 4 me!"); // ['don', 't', 'stop', '4', 'me']
 * ```
 */
export function textWords(normalized: string): string[] {
  return preTokenize(normalized).filter((w) => !isPunctuation(w));
}
