/**
 * bench/text-sms: text classification on the bundled SMS Spam Collection, seeded stratified 80/20
 * split. Keel's LSTM and transformer (tokenizer fitted on the training rows) against, in the same
 * run and on the same split: word TF-IDF + logistic regression, character n-gram TF-IDF +
 * logistic regression (Debian scikit-learn), and PyTorch with the same architectures, recipe and
 * token ids. Prints the CPU flags and a table; writes bench/results/text-sms.json.
 * Run: npm run bench:build && node dist-bench/bench/text-sms.js [epochs]
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostTensor } from '../src/core/index.js';
import { Session } from '../src/runtime/index.js';
import { loadTextDataset, textModel } from '../src/text/index.js';
import { argmaxRows, fit, predictBatched } from '../src/train/index.js';
import { peer, ROOT } from './harness.js';

const epochs = Number(process.argv[2] ?? 5);
const config = { seed: 0, epochs, batch_size: 32, lr: 2e-3, max_length: 64, dim: 64, units: 64, heads: 4, layers: 2, ff: 128, dropout: 0.1 };
const flags = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('flags'))?.split(':')[1]?.trim().split(' ') ?? [];
const simd = flags.filter((f) => /^(avx|avx2|fma|avx512f|avx512_vnni|avx512_bf16|amx\w*)$/.test(f));
process.stdout.write(`CPU flags (SIMD): ${simd.join(' ')}\n`);

const data = await loadTextDataset(join(ROOT, 'data/sms-spam/sms-spam.jsonl.gz'), { text: 'text', target: 'label', valSplit: 0.2, seed: config.seed, maxLength: config.max_length });
const test = data.val!;
const spam = data.train.classes.indexOf('spam');
const ids = (x: HostTensor, lengths: number): number[][] => {
  const width = x.shape[1]!;
  return Array.from({ length: lengths }, (_, i) => Array.from(x.data.subarray(i * width, (i + 1) * width) as BigInt64Array, Number).filter((v, j) => j === 0 || v !== data.tokenizer.padId));
};
const labels = (y: HostTensor): number[] => Array.from(y.data as BigInt64Array, (v) => (Number(v) === spam ? 1 : 0));

interface Result { model: string; accuracy: number; spam_f1: number; wall_s: number; epochs: number | null }
const results: Result[] = [];
const score = (pred: Int32Array, name: string, wall: number): Result => {
  const y = labels(test.y);
  let tp = 0, fp = 0, fn = 0, ok = 0;
  pred.forEach((p, i) => {
    const s = p === spam ? 1 : 0;
    if (s === y[i]) ok++;
    if (s === 1 && y[i] === 1) tp++;
    if (s === 1 && y[i] === 0) fp++;
    if (s === 0 && y[i] === 1) fn++;
  });
  return { model: name, accuracy: ok / y.length, spam_f1: (2 * tp) / Math.max(1, 2 * tp + fp + fn), wall_s: wall, epochs };
};
process.stdout.write(`split: ${data.rows.train.length} train / ${data.rows.val.length} test messages; vocabulary ${data.tokenizer.vocabSize} WordPiece tokens; ${data.truncated} messages cut at ${config.max_length} tokens\n`);
for (const kind of ['lstm', 'transformer']) {
  const net = textModel(kind, { tokenizer: data.tokenizer, outputs: data.train.classes.length, seed: config.seed, dim: config.dim, dropout: config.dropout });
  const t0 = performance.now();
  await fit(net, data.train.x, data.train.y, { epochs, batchSize: config.batch_size, lr: config.lr, seed: config.seed, trainEvalRows: 0 });
  const wall = (performance.now() - t0) / 1000;
  const session = await Session.create(net.graph({ inputShape: ['N', 'T'], inputDtype: 'int64' }));
  const r = score(argmaxRows(await predictBatched(session, test.x)), `Keel ${kind}`, wall);
  await session.release();
  results.push(r);
  process.stdout.write(`${r.model}: accuracy ${(r.accuracy * 100).toFixed(2)}%, spam F1 ${r.spam_f1.toFixed(3)}, ${wall.toFixed(1)} s\n`);
}
const dir = mkdtempSync(join(tmpdir(), 'keel-text-bench-'));
const splitFile = join(dir, 'split.json');
writeFileSync(splitFile, JSON.stringify({
  config: { ...config, vocab: data.tokenizer.vocabSize, pad_id: data.tokenizer.padId },
  train_texts: Array.from(data.rows.train, (i) => data.table.texts[i]), test_texts: Array.from(data.rows.val, (i) => data.table.texts[i]),
  train_ids: ids(data.train.x, data.rows.train.length), test_ids: ids(test.x, data.rows.val.length), train_y: labels(data.train.y), test_y: labels(test.y),
}));
const peers = peer('/usr/bin/python3', [join(ROOT, 'bench/text_sms_peer.py'), splitFile], { OMP_NUM_THREADS: '2' }, 1_800_000);
for (const l of peers.lines) results.push(l as unknown as Result);
if (peers.error) process.stdout.write(`peers not run: ${peers.error}\n`);
const table = ['| model | epochs | test accuracy | spam F1 | wall time (s) |', '|---|---|---|---|---|', ...results.map((r) => `| ${r.model} | ${r.epochs ?? '–'} | ${(r.accuracy * 100).toFixed(2)}% | ${r.spam_f1.toFixed(3)} | ${r.wall_s.toFixed(1)} |`)].join('\n');
process.stdout.write(`\n${table}\n`);
writeFileSync(join(ROOT, 'bench/results/text-sms.json'), JSON.stringify({ date: new Date().toISOString(), cpuFlags: simd, config, split: { train: data.rows.train.length, test: data.rows.val.length, seed: config.seed }, results }, null, 2));
