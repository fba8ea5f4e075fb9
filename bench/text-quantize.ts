/**
 * bench/text-quantize: dynamic int8 for the SMS text models `keel train --text` writes (LSTM and
 * transformer), with the measured placement (`quantizeModel`, `--placement auto`) run at each
 * row's batch size, as `keel quantize --time-batch B` would: the LSTM op becomes onnxruntime's
 * com.microsoft.DynamicQuantizeLSTM where it is measured faster, MatMul/Gemm go
 * DynamicQuantizeLinear → MatMulInteger. Same split, tokenizer and recipe as bench/text-sms.ts;
 * accuracy and spam F1 on the 1,114 test messages, float32 vs int8, and latency on real test
 * messages at batch 1 (per message), 32 and 256, interleaved. Each row's default result is what
 * keel quantize writes: the int8 model when it passed the whole-model rule, else nothing (float32
 * kept, 1.00× by construction; the forced all-int8 model's ratio is reported beside it). Prints the CPU flags and a table;
 * writes bench/results/text-quantize.json.
 * Run: npm run bench:build && node dist-bench/bench/text-quantize.js [epochs] [batches, e.g. 1,32,256] [lstm,transformer]
 */
import type { HostTensor } from '../src/core/index.js';
import { cpuFeatures, pairedSpeedup, quantizeModel, timeInterleaved } from '../src/efficiency/index.js';
import type { Graph } from '../src/ir/index.js';
import { Session } from '../src/runtime/index.js';
import { loadTextDataset, textModel } from '../src/text/index.js';
import { argmaxRows, fit, predictBatched, rowSlice } from '../src/train/index.js';
import { report, ROOT, type Row } from './harness.js';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const epochs = Number(process.argv[2] ?? 5);
const batches = (process.argv[3] ?? '1,32,256').split(',').map(Number);
const kinds = (process.argv[4] ?? 'lstm,transformer').split(',').filter((k): k is 'lstm' | 'transformer' => k === 'lstm' || k === 'transformer');
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
const load = (): string => execFileSync('uptime', { encoding: 'utf8' }).trim().replace(/.*load average: /, '');
const extra: Record<string, unknown> = { cpu, config, batches, split: { train: data.rows.train.length, test: data.rows.val.length }, load_average_before: load() };
const pct = (v: number): string => `${(100 * v).toFixed(2)}%`;
for (const kind of kinds) {
  const net = textModel(kind, { tokenizer: data.tokenizer, outputs: data.train.classes.length, seed: config.seed, dim: config.dim, dropout: config.dropout });
  const t0 = performance.now();
  await fit(net, data.train.x, data.train.y, { epochs, batchSize: config.batch_size, lr: config.lr, seed: config.seed, trainEvalRows: 0 });
  process.stdout.write(`${kind}: trained ${epochs} epoch(s) in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  const graph = net.graph({ inputShape: ['N', 'T'], inputDtype: 'int64' });
  const f32 = await score(graph);
  const perBatch: Record<string, unknown> = {};
  for (const batch of batches) {
    // The placement keel quantize --time-batch <batch> makes, timed at the messages' length (64 token ids).
    const { graph: q, report: rep } = await quantizeModel(graph, { mode: 'dynamic', timeBatch: batch, session: { threads: 1 }, evaluation: { x: test.x, y: test.y }, onProgress: (l) => process.stdout.write(`  ${kind} batch ${batch}: ${l}\n`) });
    const i8 = await score(q);
    const feeds: Record<string, HostTensor> = { [graph.inputs[0]!.name]: rowSlice(test.x, 0, batch) };
    // The bench's own timing: float32 against the quantizer's graph (the written int8 model, or
    // the all-int8 one only --force would write), paired rounds, wall and process CPU time.
    const timing = await timeInterleaved([graph, q], { batch, threads: 1, rounds: 9, feeds });
    const { medianMs: [a, b] } = timing;
    const paired = pairedSpeedup(timing, 0, 1);
    const w = `SMS ${kind}, batch ${batch} (${test.x.shape[1]} tokens), 1 thread`;
    const p = rep.placement!;
    const nodes = p.nodes.map((t) => `${t.op} ${t.speedup.toFixed(2)}×→${t.choice}`).join(', ');
    const bench = `${paired.wall.toFixed(2)}× (CPU ${paired.cpu.toFixed(2)}×, faster in ${Math.round(100 * paired.fasterShare)}% of rounds)`;
    const check = `placement's check ${p.latency.speedup.toFixed(2)}× (CPU ${p.latency.cpuSpeedup.toFixed(2)}×, ${Math.round(100 * p.latency.fasterShare)}% of rounds)`;
    rows.push({ workload: w, engine: 'float32', msPerStep: a!, samplesPerS: (batch * 1000) / a!, note: `accuracy ${pct(f32.accuracy)}, spam F1 ${f32.spamF1.toFixed(3)}; ${(a! / batch).toFixed(3)} ms per message` });
    // The default result: the written int8 model, or float32 (1.00× by construction) when the quantizer wrote nothing.
    const verdict = p.helps ? `wrote int8 (${rep.quantized.length} node(s): ${rep.quantized.map((n) => n.op).join(', ')}): ${bench} float32 in the bench` : `wrote nothing (QUANT_NO_GAIN): float32 kept, 1.00× by construction; forced all-int8 in the bench ${bench}`;
    const [ms, scored] = p.helps ? [b!, i8] : [a!, f32];
    rows.push({ workload: w, engine: `default (dynamic int8, auto placement at batch ${batch})`, msPerStep: ms, samplesPerS: (batch * 1000) / ms, note: `${verdict}; ${check}; nodes alone: ${nodes}; int8 accuracy ${pct(i8.accuracy)} (${(100 * (i8.accuracy - f32.accuracy)).toFixed(2)} pt), spam F1 ${i8.spamF1.toFixed(3)}; default ${(ms / batch).toFixed(3)} ms per message, accuracy ${pct(scored.accuracy)}` });
    perBatch[`batch${batch}`] = { wrote: p.helps ? 'int8' : 'nothing (QUANT_NO_GAIN): float32 kept', float32_ms: a, quantizer_graph_ms: b, default_speedup: p.helps ? paired.wall : 1, bench_paired: paired, forced_all_int8_speedup: p.helps ? undefined : paired.wall, int8: i8, quantized: rep.quantized, placement: rep.placement, bytes: [rep.bytesBefore, rep.bytesAfter] };
  }
  extra[kind] = { float32: f32, ...perBatch };
}
report('text-quantize', rows, { ...extra, load_average_after: load() });
