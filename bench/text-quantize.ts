/**
 * bench/text-quantize: dynamic int8 for the SMS text models `keel train --text` writes (LSTM and
 * transformer), with the measured placement (`quantizeModel`, `--placement auto`). Same split,
 * tokenizer and recipe as bench/text-sms.ts; accuracy and spam F1 on the 1,114 test messages,
 * float32 vs int8, and latency on real test messages at batch 1 (per message) and batch 32,
 * interleaved. Prints the CPU flags and a table; writes bench/results/text-quantize.json.
 * Run: npm run bench:build && node dist-bench/bench/text-quantize.js [epochs] [placement batch]
 */
import type { HostTensor } from '../src/core/index.js';
import { cpuFeatures, quantizeModel, timeInterleaved } from '../src/efficiency/index.js';
import type { Graph } from '../src/ir/index.js';
import { Session } from '../src/runtime/index.js';
import { loadTextDataset, textModel } from '../src/text/index.js';
import { argmaxRows, fit, predictBatched, rowSlice } from '../src/train/index.js';
import { report, ROOT, type Row } from './harness.js';
import { join } from 'node:path';

const epochs = Number(process.argv[2] ?? 5);
const placementBatch = Number(process.argv[3] ?? 32);
const config = { seed: 0, epochs, batch_size: 32, lr: 2e-3, max_length: 64, dim: 64, dropout: 0.1 };
const cpu = cpuFeatures();
process.stdout.write(`CPU flags: ${cpu.flags.join(' ')}\n`);
const data = await loadTextDataset(join(ROOT, 'data/sms-spam/sms-spam.jsonl.gz'), { text: 'text', target: 'label', valSplit: 0.2, seed: config.seed, maxLength: config.max_length });
const test = data.val!;
const spam = data.train.classes.indexOf('spam');
const truth = Array.from(test.y.data, Number);

/** Accuracy and spam F1 of a graph on the test messages. */
async function score(g: Graph): Promise<{ accuracy: number; spamF1: number }> {
  const s = await Session.create(g, { threads: 1 });
  const pred = argmaxRows(await predictBatched(s, test.x, 256));
  await s.release();
  let ok = 0, tp = 0, fp = 0, fn = 0;
  pred.forEach((p, i) => {
    const y = truth[i]!;
    if (p === y) ok++;
    if (p === spam && y === spam) tp++;
    if (p === spam && y !== spam) fp++;
    if (p !== spam && y === spam) fn++;
  });
  return { accuracy: ok / truth.length, spamF1: (2 * tp) / Math.max(1, 2 * tp + fp + fn) };
}

const rows: Row[] = [];
const extra: Record<string, unknown> = { cpu, config, placementBatch, split: { train: data.rows.train.length, test: data.rows.val.length } };
for (const kind of ['lstm', 'transformer'] as const) {
  const net = textModel(kind, { tokenizer: data.tokenizer, outputs: data.train.classes.length, seed: config.seed, dim: config.dim, dropout: config.dropout });
  const t0 = performance.now();
  await fit(net, data.train.x, data.train.y, { epochs, batchSize: config.batch_size, lr: config.lr, seed: config.seed, trainEvalRows: 0 });
  process.stdout.write(`${kind}: trained ${epochs} epoch(s) in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  const graph = net.graph({ inputShape: ['N', 'T'], inputDtype: 'int64' });
  const { graph: q, report: rep } = await quantizeModel(graph, { mode: 'dynamic', timeBatch: placementBatch, session: { threads: 1 }, onProgress: (l) => process.stdout.write(`  ${l}\n`) });
  const [f32, i8] = [await score(graph), await score(q)];
  const lat: Record<string, { float32: number; int8: number }> = {};
  for (const batch of [1, 32]) {
    const feeds: Record<string, HostTensor> = { [graph.inputs[0]!.name]: rowSlice(test.x, 0, batch) };
    const { medianMs: [a, b] } = await timeInterleaved([graph, q], { batch, threads: 1, rounds: 9, feeds });
    lat[`batch${batch}`] = { float32: a!, int8: b! };
    const w = `SMS ${kind}, batch ${batch} (${test.x.shape[1]} tokens), 1 thread`;
    rows.push({ workload: w, engine: 'float32', msPerStep: a!, samplesPerS: (batch * 1000) / a!, note: `accuracy ${(100 * f32.accuracy).toFixed(2)}%, spam F1 ${f32.spamF1.toFixed(3)}` });
    rows.push({ workload: w, engine: `dynamic int8 (auto placement at batch ${placementBatch})`, msPerStep: b!, samplesPerS: (batch * 1000) / b!, note: `${rep.placement?.helps ? '' : 'no placement faster (keel quantize writes nothing without --force), forced: '}${(a! / b!).toFixed(2)}× float32; accuracy ${(100 * i8.accuracy).toFixed(2)}% (${(100 * (i8.accuracy - f32.accuracy)).toFixed(2)} pt), spam F1 ${i8.spamF1.toFixed(3)}; ${rep.quantized.length} int8 node(s)` });
  }
  extra[kind] = { float32: f32, int8: i8, latency_ms: lat, quantized: rep.quantized, skipped: rep.skipped, placement: rep.placement, bytes: [rep.bytesBefore, rep.bytesAfter] };
}
report('text-quantize', rows, extra);
