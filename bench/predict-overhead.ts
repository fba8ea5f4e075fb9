// Keel's own cost on top of onnxruntime-node when predicting with a model file: the library
// (Model.load + model.predict) against onnxruntime-node called directly in the same
// process, and `keel predict --data X.npy --out Y.npy` against bench/peers/ort-predict.mjs (the
// same job written against onnxruntime-node alone) as processes. Same file, rows, batch size and
// thread count; variants interleaved round by round. The overheads are medians of each round's
// paired ratio (Keel / onnxruntime in the same round), which a shared machine's load swings move
// far less than the ratio of separate medians. Needs `npm run build` (dist/) for the CLI.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { HostTensor } from '../src/core/index.js';
import { loadMnist } from '../src/datasets/index.js';
import { cpuFeatures } from '../src/efficiency/index.js';
import { writeNpy } from '../src/io/index.js';
import { Model } from '../src/model/index.js';
import { rowSlice } from '../src/train/index.js';
import { loadTeacher } from './efficiency-teacher.js';
import { median, report, ROOT, type Row } from './harness.js';

const ROUNDS = Number(process.env['ROUNDS'] ?? 7);
const THREADS = Number(process.env['THREADS'] ?? 1);
const m = loadMnist({ shape: 'image' });
await loadTeacher(m.train.x, m.train.y, m.test);
const model = join(ROOT, 'bench/results/efficiency-teacher.onnx');
const dir = mkdtempSync(join(tmpdir(), 'keel-overhead-'));

/** onnxruntime-node alone, in process: session from the file, batches as views, outputs gathered. */
async function ortDirect(x: HostTensor, batch: number): Promise<number> {
  const t0 = performance.now();
  const s = await ort.InferenceSession.create(model, { intraOpNumThreads: THREADS, interOpNumThreads: 1, graphOptimizationLevel: 'all', extra: { session: { intra_op: { allow_spinning: '0' } } } });
  const n = x.shape[0]!;
  const row = x.data.length / n;
  const parts: Float32Array[] = [];
  for (let i = 0; i < n; i += batch) {
    const k = Math.min(batch, n - i);
    const res = await s.run({ [s.inputNames[0]!]: new ort.Tensor('float32', (x.data as Float32Array).subarray(i * row, (i + k) * row), [k, ...x.shape.slice(1)]) });
    parts.push(res[s.outputNames[0]!]!.data as Float32Array);
  }
  const out = new Float32Array(parts.reduce((p, a) => p + a.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  await s.release();
  return performance.now() - t0;
}

/** Keel's library on the same file: the one model object. */
async function keelLibrary(x: HostTensor, batch: number): Promise<number> {
  const t0 = performance.now();
  const m = await Model.load(model, { batchSize: batch, session: { threads: THREADS } });
  await m.predict(x);
  await m.release();
  return performance.now() - t0;
}

/** Wall-clock of a process. */
function processMs(args: readonly string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return performance.now() - t0;
}

const rows: Row[] = [];
const extra: Record<string, unknown> = {};
for (const [n, batch] of [[10000, 256], [2000, 32], [200, 1]] as const) {
  const x = rowSlice(m.test.x, 0, n);
  const xFile = join(dir, `x${n}.npy`);
  writeNpy(xFile, x);
  const t: Record<string, number[]> = { ort: [], lib: [], peer: [], cli: [] };
  for (let r = 0; r < ROUNDS; r++) {
    t['ort']!.push(await ortDirect(x, batch));
    t['lib']!.push(await keelLibrary(x, batch));
    t['peer']!.push(processMs(['bench/peers/ort-predict.mjs', model, xFile, join(dir, 'peer.npy'), String(batch), String(THREADS)]));
    t['cli']!.push(processMs(['dist/cli/main.js', 'predict', '--model', model, '--data', xFile, '--out', join(dir, 'cli.npy'), '--batch-size', String(batch), '--threads', String(THREADS)]));
  }
  const med = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)])) as Record<'ort' | 'lib' | 'peer' | 'cli', number>;
  const paired = (a: number[], b: number[]): number => median(a.map((v, i) => v / b[i]!)) - 1;
  const libOver = paired(t['lib']!, t['ort']!);
  const cliOver = paired(t['cli']!, t['peer']!);
  const w = `mnist-cnn file, ${n} rows, batch ${batch}, ${THREADS} thread(s)`;
  rows.push({ workload: w, engine: 'onnxruntime-node direct (in process)', msPerStep: med.ort, samplesPerS: (n * 1000) / med.ort });
  rows.push({ workload: w, engine: 'keel library (Model.load + predict)', msPerStep: med.lib, samplesPerS: (n * 1000) / med.lib, note: `${(100 * libOver).toFixed(1)}% more (median of paired rounds)` });
  rows.push({ workload: w, engine: 'onnxruntime-node script (process)', msPerStep: med.peer, samplesPerS: (n * 1000) / med.peer });
  rows.push({ workload: w, engine: 'keel predict (process)', msPerStep: med.cli, samplesPerS: (n * 1000) / med.cli, note: `${(100 * cliOver).toFixed(1)}% more (median of paired rounds)` });
  extra[`batch${batch}`] = { rows: n, medians_ms: med, library_overhead: libOver, cli_overhead: cliOver, samples_ms: t };
}
report('predict-overhead', rows, { ...extra, cpu: cpuFeatures(), rounds: ROUNDS, threads: THREADS, model });
