// Keel's own cost on top of onnxruntime-node when predicting with a model file: the library
// (Model.load + model.predict) against onnxruntime-node called directly in the same
// process, and `keel predict --data X.npy --out Y.npy` against bench/peers/ort-predict.mjs (the
// same job written against onnxruntime-node alone) as processes. Same file, rows, batch size and
// thread count; variants interleaved round by round. The overheads are medians of each round's
// paired ratio (Keel / onnxruntime in the same round), which a shared machine's load swings move
// far less than the ratio of separate medians; each is given for wall-clock time and for CPU time
// (user + system of the process, or of the call in process), which the load moves less still.
// Needs `npm run build` (dist/) for the CLI. ROUNDS (default 15) and THREADS (default 1) apply.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
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

const ROUNDS = Number(process.env['ROUNDS'] ?? 15);
const THREADS = Number(process.env['THREADS'] ?? 1);
const m = loadMnist({ shape: 'image' });
await loadTeacher(m.train.x, m.train.y, m.test);
const model = join(ROOT, 'bench/results/efficiency-teacher.onnx');
const dir = mkdtempSync(join(tmpdir(), 'keel-overhead-'));

/** Wall-clock and CPU milliseconds of one arm. */
interface Cost {
  readonly wall: number;
  readonly cpu: number;
}

const cpuMs = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

/** Times an in-process arm. */
async function inProcess(f: () => Promise<void>): Promise<Cost> {
  const [t0, c0] = [performance.now(), cpuMs()];
  await f();
  return { wall: performance.now() - t0, cpu: cpuMs() - c0 };
}

/** onnxruntime-node alone, in process: session from the file, batches as views, outputs gathered. */
async function ortDirect(x: HostTensor, batch: number): Promise<void> {
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
}

/** Keel's library on the same file: the one model object. */
async function keelLibrary(x: HostTensor, batch: number): Promise<void> {
  const m = await Model.load(model, { batchSize: batch, session: { threads: THREADS } });
  await m.predict(x);
  await m.release();
}

/** Wall-clock of a process, and its own CPU time (reported by bench/peers/cpu-at-exit.mjs). */
function processCost(args: readonly string[]): Cost {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', './bench/peers/cpu-at-exit.mjs', ...args], { cwd: ROOT, encoding: 'utf8' });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  const cpu = Number(/KEEL_BENCH_CPU_MS (\S+)/.exec(r.stderr)?.[1]);
  if (!Number.isFinite(cpu)) throw new Error(`${args.join(' ')} did not report its CPU time: ${r.stderr}`);
  return { wall, cpu };
}

const rows: Row[] = [];
const loadAtStart = loadavg();
const extra: Record<string, unknown> = {};
for (const [n, batch] of [[10000, 256], [2000, 32], [200, 1]] as const) {
  const x = rowSlice(m.test.x, 0, n);
  const xFile = join(dir, `x${n}.npy`);
  writeNpy(xFile, x);
  const arms = ['ort', 'lib', 'peer', 'cli'] as const;
  const t = Object.fromEntries(arms.map((a) => [a, [] as Cost[]])) as Record<(typeof arms)[number], Cost[]>;
  for (let r = 0; r < ROUNDS; r++) {
    t.ort.push(await inProcess(() => ortDirect(x, batch)));
    t.lib.push(await inProcess(() => keelLibrary(x, batch)));
    t.peer.push(processCost(['bench/peers/ort-predict.mjs', model, xFile, join(dir, 'peer.npy'), String(batch), String(THREADS)]));
    t.cli.push(processCost(['dist/cli/keel.js', 'predict', '--model', model, '--data', xFile, '--out', join(dir, 'cli.npy'), '--batch-size', String(batch), '--threads', String(THREADS)]));
    process.stderr.write(`${n} rows, batch ${batch}: round ${r + 1}/${ROUNDS}\n`);
  }
  const med = (a: (typeof arms)[number], k: keyof Cost): number => median(t[a].map((c) => c[k]));
  const paired = (a: Cost[], b: Cost[], k: keyof Cost): number => median(a.map((v, i) => v[k] / b[i]![k])) - 1;
  const over = {
    library_wall: paired(t.lib, t.ort, 'wall'),
    library_cpu: paired(t.lib, t.ort, 'cpu'),
    cli_wall: paired(t.cli, t.peer, 'wall'),
    cli_cpu: paired(t.cli, t.peer, 'cpu'),
  };
  const pct = (v: number): string => `${v >= 0 ? '+' : ''}${(100 * v).toFixed(1)}%`;
  const w = `mnist-cnn file, ${n} rows, batch ${batch}, ${THREADS} thread(s)`;
  const row = (a: (typeof arms)[number], engine: string, note?: string): Row => ({ workload: w, engine, msPerStep: med(a, 'wall'), samplesPerS: (n * 1000) / med(a, 'wall'), ...(note ? { note } : {}) });
  rows.push(row('ort', `onnxruntime-node direct (in process), CPU ${med('ort', 'cpu').toFixed(0)} ms`));
  rows.push(row('lib', `keel library (Model.load + predict), CPU ${med('lib', 'cpu').toFixed(0)} ms`, `wall ${pct(over.library_wall)}, CPU ${pct(over.library_cpu)} (medians of paired rounds)`));
  rows.push(row('peer', `onnxruntime-node script (process), CPU ${med('peer', 'cpu').toFixed(0)} ms`));
  rows.push(row('cli', `keel predict (process), CPU ${med('cli', 'cpu').toFixed(0)} ms`, `wall ${pct(over.cli_wall)}, CPU ${pct(over.cli_cpu)} (medians of paired rounds)`));
  extra[`batch${batch}`] = { rows: n, medians_wall_ms: Object.fromEntries(arms.map((a) => [a, med(a, 'wall')])), medians_cpu_ms: Object.fromEntries(arms.map((a) => [a, med(a, 'cpu')])), overhead: over, samples: t };
}
report('predict-overhead', rows, { ...extra, cpu: cpuFeatures(), load_average: { start: loadAtStart, end: loadavg() }, rounds: ROUNDS, threads: THREADS, model });
