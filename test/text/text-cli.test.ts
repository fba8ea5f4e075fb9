import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvRow } from '../../src/data/index.js';
import { loadOnnx } from '../../src/onnx/index.js';
import { Tokenizer } from '../../src/text/index.js';
import { keel } from '../cli/run-cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'keel-text-cli-'));
const sms = gunzipSync(readFileSync('data/sms-spam/sms-spam.jsonl.gz')).toString('utf8').trim().split('\n');
const rows = sms.map((l) => JSON.parse(l) as { label: string; text: string });
const trainFile = join(tmp, 'train.jsonl');
const heldOut = rows.slice(1200, 1600);
const out = join(tmp, 'run');

function file(name: string, text: string | Buffer): string {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

function expectOneLineError(r: { status: number; stderr: string }, code: string, ...parts: string[]): void {
  expect(r.status, r.stderr).not.toBe(0);
  const lines = r.stderr.trim().split('\n').filter((l) => !l.includes('note:'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(code);
  for (const p of parts) expect(lines[0]).toContain(p);
}

beforeAll(() => {
  writeFileSync(trainFile, sms.slice(0, 1200).join('\n') + '\n');
  file('held-out.csv', [csvRow(['message', 'label']), ...heldOut.map((r) => csvRow([r.text, r.label]))].join('\n') + '\n');
});

describe('keel train/predict/evaluate --text on real SMS messages', () => {
  it('trains an LSTM on raw messages, saves its tokenizer, and scores held-out raw text', () => {
    const r = keel(['train', '--data', trainFile, '--text', 'text', '--target', 'label', '--model', 'lstm', '--max-length', '40', '--vocab-size', '2000', '--epochs', '3', '--batch-size', '32', '--lr', '0.002', '--val-split', '0.2', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const tok = Tokenizer.load(join(out, 'tokenizer.json'));
    expect(tok.vocabSize).toBeLessThanOrEqual(2000);
    const ev = keel(['evaluate', '--model', join(out, 'model.onnx'), '--data', join(tmp, 'held-out.csv'), '--text', 'message', '--target', 'label', '--json', join(tmp, 'eval.json')]);
    expect(ev.status, ev.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(tmp, 'eval.json'), 'utf8')) as { accuracy: number; rows: number };
    expect(report.rows).toBe(400);
    expect(report.accuracy).toBeGreaterThanOrEqual(0.94);
    const pr = keel(['predict', '--model', join(out, 'model.onnx'), '--data', join(tmp, 'held-out.csv'), '--text', 'message']);
    expect(pr.status, pr.stderr).toBe(0);
    const predicted = pr.stdout.trim().split('\n').slice(1).map((l) => l.split(',')[0]);
    expect(predicted).toHaveLength(400);
    const agree = predicted.filter((p, i) => p === heldOut[i]!.label).length / 400;
    expect(agree).toBeCloseTo(report.accuracy, 6);
  }, 180_000);

  it('records the tokenizer in the model and refuses a tokenizer from another model', async () => {
    const { graph } = await loadOnnx(join(out, 'model.onnx'));
    expect(graph.metadata.get('keel.text.tokenizer_sha256')).toBe(Tokenizer.load(join(out, 'tokenizer.json')).fingerprint());
    expect(graph.inputs[0]!.dtype).toBe('int64');
    const other = Tokenizer.fit(rows.slice(3000, 4000).map((r) => r.text), { vocabSize: 2000 });
    other.save(join(tmp, 'other-tokenizer.json'));
    expectOneLineError(keel(['predict', '--model', join(out, 'model.onnx'), '--data', join(tmp, 'held-out.csv'), '--text', 'message', '--tokenizer', join(tmp, 'other-tokenizer.json')]), 'TOKENIZER_MISMATCH', 'other-tokenizer.json');
  });
});

describe('bad text input is a typed one-line error naming file, line and column', () => {
  const train = (data: string, ...extra: string[]): ReturnType<typeof keel> => keel(['train', '--data', data, '--text', 'message', '--target', 'label', '--epochs', '1', '--out', join(tmp, `never-${basename(data)}`), ...extra]);
  const good = heldOut.slice(0, 20).map((r) => csvRow([r.text, r.label]));

  it('an empty or whitespace-only message', () => {
    const f = file('empty.csv', ['message,label', ...good.slice(0, 5), '"   ",ham', ...good.slice(5)].join('\n') + '\n');
    expectOneLineError(train(f), 'TEXT_EMPTY', 'empty.csv:7', '"message"', 'field 1');
  });

  it('a text column that holds numbers', () => {
    const f = file('numeric.csv', ['label,message', ...Array.from({ length: 20 }, (_, i) => `ham,${i * 3.5}`)].join('\n') + '\n');
    expectOneLineError(train(f), 'TEXT_NUMERIC', 'numeric.csv:2', '"message"', 'field 2');
  });

  it('invalid UTF-8', () => {
    const head = Buffer.from(['message,label', ...good.slice(0, 3)].join('\n') + '\n');
    const f = file('latin1.csv', Buffer.concat([head, Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2c]), Buffer.from('ham\n')]));
    expectOneLineError(train(f), 'CSV_INVALID_UTF8', 'latin1.csv:5');
  });

  it('a message longer than the 100,000-character limit', () => {
    const f = file('long.jsonl', [...heldOut.slice(0, 3), { label: 'spam', text: 'win '.repeat(30_000) }].map((r) => JSON.stringify({ message: r.text, label: r.label })).join('\n') + '\n');
    expectOneLineError(train(f), 'TEXT_TOO_LONG', 'long.jsonl:4', '"message"', '100000');
  });

  it('a tokenizer file of another kind (BPE)', () => {
    const bpe = file('bpe.json', JSON.stringify({ model: { type: 'BPE', vocab: { a: 0 }, merges: [] } }));
    const f = file('ok.csv', ['message,label', ...good].join('\n') + '\n');
    expectOneLineError(train(f, '--tokenizer', bpe), 'TOKENIZER_FILE', 'bpe.json');
  });
});
