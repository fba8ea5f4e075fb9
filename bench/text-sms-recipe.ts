/**
 * bench/text-sms-recipe: how the text training recipe was chosen without looking at the test rows.
 * Seed-0 stratified 80/20 split of the SMS Spam Collection (as bench/text-sms.ts); a stratified
 * 10% validation part is carved from the TRAINING rows, each candidate recipe trains on the rest
 * and is scored on that validation part after every epoch. The 20% test rows are never scored.
 * Prints one line per epoch and a table; writes bench/results/text-sms-recipe.json.
 * Run: npm run bench:build && node dist-bench/bench/text-sms-recipe.js lstm|transformer [epochs]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostTensor } from '../src/core/index.js';
import type { TextPooling } from '../src/nn/index.js';
import { loadTextDataset, textModel } from '../src/text/index.js';
import { cosineWarmup, fit, gatherRows, splitRows, type EpochLogs } from '../src/train/index.js';
import { ROOT } from './harness.js';

const kind = process.argv[2] ?? 'lstm';
const epochs = Number(process.argv[3] ?? 10);
/** A candidate: `pooling/schedule/vocabulary/dropout`, e.g. `max_mean/cosine/8000/0.1`. */
interface Candidate { readonly name: string; readonly pooling: TextPooling; readonly cosine: boolean; readonly vocab: number; readonly dropout: number }
const parse = (spec: string): Candidate => {
  const [pooling = 'max_mean', schedule = 'cosine', vocab = '8000', rate = '0.1'] = spec.split('/');
  return { name: spec, pooling: pooling as TextPooling, cosine: schedule === 'cosine', vocab: Number(vocab), dropout: Number(rate) };
};
const candidates = (process.argv.length > 4 ? process.argv.slice(4) : [`${kind === 'lstm' ? 'last' : 'mean'}/constant/8000/0.1`, 'max_mean/constant/8000/0.1', 'max_mean/cosine/8000/0.1']).map(parse);
const results: { candidate: string; val_accuracy: number[]; val_loss: number[] }[] = [];
for (const c of candidates) {
  const data = await loadTextDataset(join(ROOT, 'data/sms-spam/sms-spam.jsonl.gz'), { text: 'text', target: 'label', valSplit: 0.2, seed: 0, maxLength: 64, tokenizer: { vocabSize: c.vocab } });
  const inner = splitRows(data.rows.train.length, 0.1, 0, data.train.y);
  const part = (idx: Int32Array): { x: HostTensor; y: HostTensor } => ({ x: gatherRows(data.train.x, idx), y: gatherRows(data.train.y, idx) });
  const train = part(inner.train);
  const val = part(inner.val);
  process.stdout.write(`${kind}: ${inner.train.length} training / ${inner.val.length} validation rows (from the ${data.rows.train.length} training messages; ${data.tokenizer.vocabSize} tokens); test rows unused\n`);
  const net = textModel(kind, { tokenizer: data.tokenizer, outputs: 2, seed: 0, dim: 64, dropout: c.dropout, pooling: c.pooling });
  const history: EpochLogs[] = (await fit(net, train.x, train.y, { epochs, batchSize: 32, lr: 2e-3, seed: 0, trainEvalRows: 0, validationData: val, ...(c.cosine ? { schedule: cosineWarmup({ warmupEpochs: 1 }) } : {}) })).history;
  const acc = history.map((h) => h['val_accuracy'] ?? NaN);
  const loss = history.map((h) => h['val_loss'] ?? NaN);
  process.stdout.write(`${c.name}: val accuracy by epoch ${acc.map((a) => (a * 100).toFixed(2)).join(' ')}; val loss ${loss.map((l) => l.toFixed(4)).join(' ')}\n`);
  results.push({ candidate: c.name, val_accuracy: acc, val_loss: loss });
}
writeFileSync(join(ROOT, `bench/results/text-sms-recipe-${kind}.json`), JSON.stringify({ date: new Date().toISOString(), kind, epochs, results }, null, 2));
