import { z } from 'zod';
import { UsageError } from '../core/index.js';
import type { NormalizerSpec } from '../data/index.js';

/**
 * The parts of a Hugging Face `tokenizer.json` Keel reads and writes. Keel writes the
 * normalizer `Sequence[NFKC, Lowercase]`, the `BertPreTokenizer`, a `TemplateProcessing`
 * post-processor that puts `[CLS]` in front, right padding and right truncation, and a
 * `WordPiece` or `WordLevel` model. Files from `tokenizers` with these components load as they are.
 */
const addedToken = z.object({ id: z.number().int().nonnegative(), content: z.string(), special: z.boolean().optional() }).loose();
const simpleNormalizer = z.union([
  z.object({ type: z.literal('NFKC') }).loose(),
  z.object({ type: z.literal('Lowercase') }).loose(),
  z.object({ type: z.literal('BertNormalizer'), lowercase: z.boolean().optional(), strip_accents: z.boolean().nullable().optional() }).loose(),
]);
const normalizer = z.union([z.null(), simpleNormalizer, z.object({ type: z.literal('Sequence'), normalizers: z.array(simpleNormalizer) }).loose()]);
const templateItem = z.union([z.object({ SpecialToken: z.object({ id: z.string() }).loose() }), z.object({ Sequence: z.object({ id: z.literal('A') }).loose() })]);
const postProcessor = z.union([z.null(), z.object({ type: z.literal('TemplateProcessing'), single: z.array(templateItem) }).loose()]);
const vocabMap = z.record(z.string(), z.number().int().nonnegative());
const model = z.discriminatedUnion('type', [
  z.object({ type: z.literal('WordPiece'), unk_token: z.string(), continuing_subword_prefix: z.string().optional(), max_input_chars_per_word: z.number().int().positive().optional(), vocab: vocabMap }).loose(),
  z.object({ type: z.literal('WordLevel'), unk_token: z.string(), vocab: vocabMap }).loose(),
]);

/** Schema of the `tokenizer.json` subset Keel understands. */
export const tokenizerJsonSchema = z
  .object({
    version: z.string().optional(),
    truncation: z.union([z.null(), z.object({ max_length: z.number().int().positive() }).loose()]).optional(),
    padding: z.union([z.null(), z.object({ pad_id: z.number().int().nonnegative(), pad_token: z.string() }).loose()]).optional(),
    added_tokens: z.array(addedToken).optional(),
    normalizer: normalizer.optional(),
    pre_tokenizer: z.union([z.null(), z.object({ type: z.literal('BertPreTokenizer') }).loose()]).optional(),
    post_processor: postProcessor.optional(),
    model,
  })
  .loose();

/** A parsed `tokenizer.json`. */
export type TokenizerJson = z.infer<typeof tokenizerJsonSchema>;

/** What Keel keeps of a `tokenizer.json`. */
export interface TokenizerConfig {
  readonly kind: 'wordpiece' | 'wordlevel';
  /** Tokens in id order (ids are 0..n-1 with no gaps). */
  readonly vocab: readonly string[];
  readonly normalizer: NormalizerSpec;
  readonly unkToken: string;
  readonly padToken: string;
  /** Special tokens put before the text (e.g. `[CLS]`) and after it (e.g. `[SEP]`). */
  readonly prefix: readonly string[];
  readonly suffix: readonly string[];
  /** Default truncation length, in tokens (special tokens included). */
  readonly maxLength: number;
  readonly maxInputCharsPerWord: number;
}

function normalizerOf(n: TokenizerJson['normalizer'], file: string): NormalizerSpec {
  const steps = n === null || n === undefined ? [] : n.type === 'Sequence' ? n.normalizers : [n];
  let nfkc = false;
  let lowercase = false;
  for (const s of steps) {
    if (s.type === 'NFKC') nfkc = true;
    else if (s.type === 'Lowercase') lowercase = true;
    else {
      if (s['strip_accents'] === true) throw new UsageError('TOKENIZER_UNSUPPORTED', `${file}: normalizer BertNormalizer with strip_accents is not supported; Keel's tokenizer applies NFKC and lowercasing only. Fit a tokenizer with keel train instead`, { file });
      lowercase = lowercase || (s['lowercase'] ?? true);
    }
  }
  return { nfkc, lowercase };
}

/**
 * Turns a parsed `tokenizer.json` into Keel's config, checking that ids are dense and that the
 * unknown, padding and template tokens are in the vocabulary (typed `TOKENIZER_FILE` error).
 * @example `configFromJson(parsed, 'tokenizer.json')`
 */
export function configFromJson(j: TokenizerJson, file: string, defaultMaxLength: number): TokenizerConfig {
  const bad = (what: string): UsageError => new UsageError('TOKENIZER_FILE', `${file}: ${what}. Use a tokenizer.json written by keel train or by Hugging Face tokenizers with a WordPiece or WordLevel model`, { file });
  const entries = Object.entries(j.model.vocab);
  const vocab = new Array<string>(entries.length);
  for (const [tok, id] of entries) {
    if (id >= entries.length || vocab[id] !== undefined) throw bad(`vocabulary ids must be 0..${entries.length - 1} without gaps or repeats (token "${tok}" has id ${id})`);
    vocab[id] = tok;
  }
  const has = new Set(vocab);
  const padToken = j.padding?.pad_token ?? (has.has('[PAD]') ? '[PAD]' : undefined);
  if (padToken === undefined || !has.has(padToken)) throw bad(`the padding token ${padToken ?? '(none: no "padding" and no [PAD] in the vocabulary)'} is not in the vocabulary`);
  if (!has.has(j.model.unk_token)) throw bad(`the unknown token "${j.model.unk_token}" is not in the vocabulary`);
  const single = j.post_processor?.single ?? [{ Sequence: { id: 'A' as const } }];
  const at = single.findIndex((s) => 'Sequence' in s);
  const specials = (items: typeof single): string[] => items.map((s) => ('SpecialToken' in s ? s.SpecialToken.id : ''));
  const prefix = specials(single.slice(0, at));
  const suffix = specials(single.slice(at + 1));
  for (const t of [...prefix, ...suffix]) if (!has.has(t)) throw bad(`the post-processor's special token "${t}" is not in the vocabulary`);
  return {
    kind: j.model.type === 'WordPiece' ? 'wordpiece' : 'wordlevel',
    vocab,
    normalizer: normalizerOf(j.normalizer, file),
    unkToken: j.model.unk_token,
    padToken,
    prefix,
    suffix,
    maxLength: j.truncation?.max_length ?? defaultMaxLength,
    maxInputCharsPerWord: j.model.type === 'WordPiece' ? (j.model.max_input_chars_per_word ?? 100) : 100,
  };
}

/**
 * The `tokenizer.json` document of a config, in Hugging Face's layout.
 * @example `JSON.stringify(jsonFromConfig(config), null, 2)`
 */
export function jsonFromConfig(c: TokenizerConfig): Record<string, unknown> {
  const id = (t: string): number => c.vocab.indexOf(t);
  const special = new Set([c.padToken, c.unkToken, ...c.prefix, ...c.suffix]);
  const vocab = Object.fromEntries(c.vocab.map((t, i) => [t, i]));
  const template = (t: string): Record<string, unknown> => ({ SpecialToken: { id: t, type_id: 0 } });
  return {
    version: '1.0',
    truncation: { direction: 'Right', max_length: c.maxLength, strategy: 'LongestFirst', stride: 0 },
    padding: { strategy: 'BatchLongest', direction: 'Right', pad_to_multiple_of: null, pad_id: id(c.padToken), pad_type_id: 0, pad_token: c.padToken },
    added_tokens: [...special].map((t) => ({ id: id(t), content: t, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'Sequence', normalizers: [...(c.normalizer.nfkc ? [{ type: 'NFKC' }] : []), ...(c.normalizer.lowercase ? [{ type: 'Lowercase' }] : [])] },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [...c.prefix.map(template), { Sequence: { id: 'A', type_id: 0 } }, ...c.suffix.map(template)],
      pair: [...c.prefix.map(template), { Sequence: { id: 'A', type_id: 0 } }, ...c.suffix.map(template), { Sequence: { id: 'B', type_id: 1 } }, ...c.suffix.map(template)],
      special_tokens: Object.fromEntries([...c.prefix, ...c.suffix].map((t) => [t, { id: t, ids: [id(t)], tokens: [t] }])),
    },
    decoder: c.kind === 'wordpiece' ? { type: 'WordPiece', prefix: '##', cleanup: true } : null,
    model:
      c.kind === 'wordpiece'
        ? { type: 'WordPiece', unk_token: c.unkToken, continuing_subword_prefix: '##', max_input_chars_per_word: c.maxInputCharsPerWord, vocab }
        : { type: 'WordLevel', vocab, unk_token: c.unkToken },
  };
}
