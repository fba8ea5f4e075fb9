import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isKeelError } from '../core/index.js';
import { readTextTable } from './text-table.js';
import { Tokenizer } from './tokenizer.js';
import { encodeTexts } from './encode-texts.js';
import { normalizeText, preTokenize } from '../data/index.js';

const SMS = 'data/sms-spam/sms-spam.jsonl.gz';
let texts: string[] = [];

beforeAll(async () => {
  texts = (await readTextTable(SMS, { text: 'text', target: 'label' })).texts.slice(0, 2000);
});

describe('normalization and pre-tokenization', () => {
  it('applies NFKC then lowercase, and splits punctuation into words of their own', () => {
    expect(normalizeText('ＦＲＥＥ ﬁne Ⅳ', { nfkc: true, lowercase: true })).toBe('free fine iv');
    expect(normalizeText('ＦＲＥＥ', { nfkc: false, lowercase: false })).toBe('ＦＲＥＥ');
    expect(preTokenize("win £100!! don't\tstop")).toEqual(['win', '£100', '!', '!', 'don', "'", 't', 'stop']);
  });
});

describe('Tokenizer', () => {
  it('learns WordPiece pieces from the training rows, deterministically', () => {
    const a = Tokenizer.fit(texts, { vocabSize: 2000 });
    const b = Tokenizer.fit(texts, { vocabSize: 2000 });
    expect(a.config.vocab).toEqual(b.config.vocab);
    expect(a.vocabSize).toBe(2000);
    expect(a.config.vocab.slice(0, 3)).toEqual(['[PAD]', '[UNK]', '[CLS]']);
    // Frequent SMS words are whole tokens; a rare word is split into known pieces, not [UNK].
    expect(a.tokenize('Call FREE now')).toEqual(['[CLS]', 'call', 'free', 'now']);
    const pieces = a.tokenize('freephonenumberz');
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.slice(2).every((p) => p.startsWith('##'))).toBe(true);
    expect(pieces).not.toContain('[UNK]');
    // A character never seen in training makes the whole word unknown.
    expect(a.tokenize('hello 漢字')).toEqual(['[CLS]', 'hello', '[UNK]']);
  });

  it('word-level keeps frequent words and maps the rest to [UNK]', () => {
    const w = Tokenizer.fit(texts, { kind: 'word', vocabSize: 500 });
    expect(w.config.kind).toBe('wordlevel');
    expect(w.tokenize('call me zzqqy')).toEqual(['[CLS]', 'call', 'me', '[UNK]']);
  });

  it('saves a Hugging Face tokenizer.json and loads it back with the same ids and fingerprint', () => {
    const tok = Tokenizer.fit(texts, { vocabSize: 1500, maxLength: 40 });
    const dir = mkdtempSync(join(tmpdir(), 'keel-tok-'));
    const file = join(dir, 'tokenizer.json');
    tok.save(file);
    const back = Tokenizer.load(file);
    expect(back.fingerprint()).toBe(tok.fingerprint());
    expect(back.config.maxLength).toBe(40);
    for (const t of texts.slice(0, 200)) expect(back.encode(t)).toEqual(tok.encode(t));
    const json = tok.toJson() as { model: { type: string; vocab: Record<string, number> }; normalizer: unknown; pre_tokenizer: unknown };
    expect(json.model.type).toBe('WordPiece');
    expect(json.model.vocab['[CLS]']).toBe(2);
    expect(json.normalizer).toEqual({ type: 'Sequence', normalizers: [{ type: 'NFKC' }, { type: 'Lowercase' }] });
    expect(json.pre_tokenizer).toEqual({ type: 'BertPreTokenizer' });
    // Another tokenizer (other rows) has another fingerprint.
    expect(Tokenizer.fit(texts.slice(1000), { vocabSize: 1500 }).fingerprint()).not.toBe(tok.fingerprint());
  });

  it('reads a BERT-style tokenizer.json ([CLS] … [SEP] template, BertNormalizer)', () => {
    const vocab = { '[PAD]': 0, '[UNK]': 1, '[CLS]': 2, '[SEP]': 3, hello: 4, world: 5, '##s': 6 };
    const json = { model: { type: 'WordPiece', unk_token: '[UNK]', vocab }, normalizer: { type: 'BertNormalizer', lowercase: true, strip_accents: null }, pre_tokenizer: { type: 'BertPreTokenizer' }, post_processor: { type: 'TemplateProcessing', single: [{ SpecialToken: { id: '[CLS]' } }, { Sequence: { id: 'A' } }, { SpecialToken: { id: '[SEP]' } }] } };
    const tok = Tokenizer.fromJson(JSON.stringify(json));
    expect(tok.encode('Hello worlds, you')).toEqual([2, 4, 5, 6, 1, 1, 3]);
    expect(tok.encode('hello world world world', 4)).toEqual([2, 4, 5, 3]);
  });

  it('refuses a file that is not a WordPiece/WordLevel tokenizer.json with a typed error naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-tok-'));
    const file = join(dir, 'bpe.json');
    writeFileSync(file, JSON.stringify({ model: { type: 'BPE', vocab: {}, merges: [] } }));
    let err: unknown;
    try {
      Tokenizer.load(file);
    } catch (e) {
      err = e;
    }
    expect(isKeelError(err, 'TOKENIZER_FILE')).toBe(true);
    expect(String(err)).toContain(file);
  });
});

describe('encodeTexts', () => {
  it('pads right with the pad id to the longest row, truncates to maxLength, and masks padding', () => {
    const tok = Tokenizer.fit(texts, { vocabSize: 1500 });
    const enc = encodeTexts(tok, ['ok', 'call now to claim your free prize', texts.find((t) => t.length > 300)!], { maxLength: 12 });
    expect(enc.ids.shape).toEqual([3, 12]);
    expect(Array.from(enc.lengths)).toEqual([2, 8, 12]);
    expect(enc.truncated).toBe(1);
    const row0 = Array.from(enc.ids.data.slice(0, 12), Number);
    expect(row0.slice(2)).toEqual(new Array<number>(10).fill(tok.padId));
    expect(Array.from(enc.mask.data.slice(0, 12))).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    let err: unknown;
    try {
      encodeTexts(tok, ['x'], { maxLength: 1 });
    } catch (e) {
      err = e;
    }
    expect(isKeelError(err, 'TEXT_MAX_LENGTH')).toBe(true);
  });
});
