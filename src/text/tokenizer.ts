import { createHash } from 'node:crypto';
import { UsageError } from '../core/index.js';
import { parseJson, readFileBytes, writeFileAtomic, type JsonFileKind } from '../io/index.js';
import { normalizeText, preTokenize } from '../data/index.js';
import { configFromJson, jsonFromConfig, tokenizerJsonSchema, type TokenizerConfig } from './tokenizer-json.js';
import { CONTINUATION, learnWordPieceVocab, learnWordVocab } from './wordpiece-trainer.js';

/** Options of {@link Tokenizer.fit}. */
export interface TokenizerFitOptions {
  /** `wordpiece` (subwords, default) or `word` (whole words; rarer ones are `[UNK]`). */
  readonly kind?: 'wordpiece' | 'word';
  /** Largest vocabulary, special tokens included. Default 8000. */
  readonly vocabSize?: number;
  /** Least count of a learnt merge or word. Default 2. */
  readonly minFrequency?: number;
  /** Lowercase after NFKC. Default true. */
  readonly lowercase?: boolean;
  /** Default truncation length in tokens, `[CLS]` included. Default 128. */
  readonly maxLength?: number;
}

/** Special tokens of a fitted tokenizer, ids 0, 1, 2. */
export const SPECIAL_TOKENS = { pad: '[PAD]', unk: '[UNK]', cls: '[CLS]' } as const;

const FILE_KIND: JsonFileKind = { code: 'TOKENIZER_FILE', what: 'the tokenizer', fix: 'use the tokenizer.json that keel train wrote beside the model, or a Hugging Face tokenizer.json with a WordPiece or WordLevel model' };

/**
 * A text → token-id mapping: NFKC normalization, optional lowercasing, BERT-style splitting on
 * whitespace and punctuation, then a WordPiece (greedy longest match; a word with a character the
 * vocabulary lacks, or longer than 100 characters, becomes `[UNK]`) or word-level model, with
 * `[CLS]` in front. Saved and loaded in Hugging Face's `tokenizer.json` layout.
 *
 * @example
 * ```ts
 * const tok = Tokenizer.fit(trainTexts, { vocabSize: 4000 });
 * tok.encode('WINNER!! claim your prize'); // [2, 812, 9, 9, 402, 77, 1310]
 * tok.save('run/tokenizer.json');
 * ```
 */
export class Tokenizer {
  readonly config: TokenizerConfig;
  private readonly ids: Map<string, number>;
  private readonly cache = new Map<string, readonly number[]>();

  constructor(config: TokenizerConfig) {
    this.config = config;
    this.ids = new Map(config.vocab.map((t, i) => [t, i]));
  }

  /** Learns a vocabulary from training texts only (never from validation or test rows). */
  static fit(texts: Iterable<string>, o: TokenizerFitOptions = {}): Tokenizer {
    const normalizer = { nfkc: true, lowercase: o.lowercase ?? true };
    const counts = new Map<string, number>();
    for (const t of texts) for (const w of preTokenize(normalizeText(t, normalizer))) counts.set(w, (counts.get(w) ?? 0) + 1);
    const special = [SPECIAL_TOKENS.pad, SPECIAL_TOKENS.unk, SPECIAL_TOKENS.cls];
    const vocabOptions = { vocabSize: o.vocabSize ?? 8000, minFrequency: o.minFrequency ?? 2, special };
    if (vocabOptions.vocabSize <= special.length) throw new UsageError('TOKENIZER_OPTION', `vocabSize must exceed the ${special.length} special tokens, got ${vocabOptions.vocabSize}`, { vocabSize: vocabOptions.vocabSize });
    const kind = o.kind ?? 'wordpiece';
    const vocab = kind === 'word' ? learnWordVocab(counts, vocabOptions) : learnWordPieceVocab(counts, vocabOptions);
    return new Tokenizer({ kind: kind === 'word' ? 'wordlevel' : 'wordpiece', vocab, normalizer, unkToken: SPECIAL_TOKENS.unk, padToken: SPECIAL_TOKENS.pad, prefix: [SPECIAL_TOKENS.cls], suffix: [], maxLength: o.maxLength ?? 128, maxInputCharsPerWord: 100 });
  }

  /** Parses a `tokenizer.json` document (typed `TOKENIZER_FILE` / `TOKENIZER_UNSUPPORTED` errors naming `file`). */
  static fromJson(text: string, file = '(tokenizer)'): Tokenizer {
    const j = parseJson(text, tokenizerJsonSchema, file, FILE_KIND);
    if (j.model.type === 'WordPiece' && (j.model.continuing_subword_prefix ?? CONTINUATION) !== CONTINUATION) {
      throw new UsageError('TOKENIZER_UNSUPPORTED', `${file}: WordPiece continuation prefix "${j.model.continuing_subword_prefix ?? ''}" is not supported; Keel reads "##"`, { file });
    }
    return new Tokenizer(configFromJson(j, file, 128));
  }

  /** Reads a `tokenizer.json` file. */
  static load(path: string): Tokenizer {
    return Tokenizer.fromJson(new TextDecoder().decode(readFileBytes(path)), path);
  }

  /** Writes the tokenizer as `tokenizer.json` (atomically). */
  save(path: string): void {
    writeFileAtomic(path, JSON.stringify(this.toJson(), null, 1));
  }

  /** The Hugging Face `tokenizer.json` document. */
  toJson(): Record<string, unknown> {
    return jsonFromConfig(this.config);
  }

  get vocabSize(): number {
    return this.config.vocab.length;
  }

  get padId(): number {
    return this.ids.get(this.config.padToken)!;
  }

  get unkId(): number {
    return this.ids.get(this.config.unkToken)!;
  }

  /**
   * SHA-256 of what decides the ids (model kind, normalizer, template, vocabulary in id order):
   * stored in a trained model so that a tokenizer from another model is refused.
   */
  fingerprint(): string {
    const c = this.config;
    return createHash('sha256').update(JSON.stringify([c.kind, c.normalizer, c.prefix, c.suffix, c.unkToken, c.padToken, c.vocab])).digest('hex');
  }

  /** The token id of a string, or undefined. */
  idOf(token: string): number | undefined {
    return this.ids.get(token);
  }

  /** Token text of an id. */
  token(id: number): string {
    return this.config.vocab[id] ?? this.config.unkToken;
  }

  /**
   * Token ids of one text with the template's special tokens, cut to `maxLength` tokens (default:
   * the tokenizer's); the text is truncated, the special tokens are kept.
   */
  encode(text: string, maxLength = this.config.maxLength): number[] {
    const c = this.config;
    const room = Math.max(0, maxLength - c.prefix.length - c.suffix.length);
    const out: number[] = [];
    for (const w of preTokenize(normalizeText(text, c.normalizer))) {
      for (const id of this.wordIds(w)) {
        if (out.length >= room) break;
        out.push(id);
      }
      if (out.length >= room) break;
    }
    const special = (t: string): number => this.ids.get(t)!;
    return [...c.prefix.map(special), ...out, ...c.suffix.map(special)];
  }

  /** The tokens of one text (see {@link Tokenizer.encode}). */
  tokenize(text: string, maxLength?: number): string[] {
    return this.encode(text, maxLength).map((i) => this.token(i));
  }

  private wordIds(word: string): readonly number[] {
    let ids = this.cache.get(word);
    if (ids) return ids;
    ids = this.config.kind === 'wordlevel' ? [this.ids.get(word) ?? this.unkId] : this.wordPiece(word);
    if (this.cache.size < 100_000) this.cache.set(word, ids);
    return ids;
  }

  private wordPiece(word: string): number[] {
    const chars = Array.from(word); // code points, as Hugging Face's WordPiece counts characters
    if (chars.length > this.config.maxInputCharsPerWord) return [this.unkId];
    const out: number[] = [];
    let start = 0;
    while (start < chars.length) {
      let end = chars.length;
      let found: number | undefined;
      while (end > start) {
        const piece = (start > 0 ? CONTINUATION : '') + chars.slice(start, end).join('');
        found = this.ids.get(piece);
        if (found !== undefined) break;
        end--;
      }
      if (found === undefined) return [this.unkId];
      out.push(found);
      start = end;
    }
    return out;
  }
}
