/**
 * bench/train-throughput: Keel vs PyTorch (tuned) vs tfjs-wasm vs onnxruntime-web, same models, one run.
 * Run: npm run bench:train   (PyTorch: apt-get install python3-torch libopenblas0-pthread;
 * peers: npm install --prefix bench/peers). Prints a table, writes bench/results/train-throughput.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng, tensor, type HostTensor } from '../src/core/index.js';
import { Graph } from '../src/ir/index.js';
import { conv2d, dense, flatten, maxPool2d, Sequential, softmaxCrossEntropy, type Layer } from '../src/nn/index.js';
import { Builder } from '../src/ops/index.js';
import { Adam } from '../src/optim/index.js';
import { Session, TrainStep } from '../src/runtime/index.js';
import { median, peer, report, ROOT, type Row } from './harness.js';

const rng = new Rng(0);
const rand = (shape: number[]): HostTensor => tensor('float32', shape, Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.uniform()));
const labels = (shape: number[]): HostTensor => tensor('int64', shape, Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.int(10)));

async function keelThroughput(layers: Layer[], inputShape: number[], batch: number, k: number, steps: number): Promise<{ ms: number; step: TrainStep }> {
  const model = new Sequential(layers, { seed: 0 });
  const step = await TrainStep.compile({ model: model.graph({ inputShape: ['N', ...inputShape], training: true }), loss: softmaxCrossEntropy, target: { dtype: 'int64', shape: ['N'] }, optimizer: new Adam() });
  const xs = rand([k, batch, ...inputShape]);
  const ys = labels([k, batch]);
  const lrs = new Array<number>(k).fill(1e-3);
  for (let i = 0; i < Math.max(1, Math.ceil(20 / k)); i++) await step.run(xs, ys, lrs);
  const times: number[] = [];
  const calls = Math.max(3, Math.ceil(steps / k));
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    await step.run(xs, ys, lrs);
    times.push((performance.now() - t0) / k);
  }
  return { ms: median(times), step };
}

async function matmulGflops(): Promise<number> {
  const g = new Graph('mm');
  const b = new Builder(g);
  const a = g.addInput('a', { dtype: 'float32', shape: [1024, 1024] });
  const w = g.addInput('w', { dtype: 'float32', shape: [1024, 1024] });
  g.setOutputs(b.op1('MatMul', [a, w]));
  const s = await Session.create(g, { spinning: true });
  const feeds = { a: rand([1024, 1024]), w: rand([1024, 1024]) };
  for (let i = 0; i < 3; i++) await s.run(feeds);
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    await s.run(feeds);
    times.push(performance.now() - t0);
  }
  await s.release();
  return (2 * 1024 ** 3) / (median(times) / 1000) / 1e9;
}

const mlp = (): Layer[] => [dense(256, { activation: 'relu' }), dense(256, { activation: 'relu' }), dense(10)];
const cnn = (): Layer[] => [conv2d(16, 3, { padding: 'same', activation: 'relu' }), maxPool2d(2), conv2d(32, 3, { padding: 'same', activation: 'relu' }), maxPool2d(2), flatten(), dense(10)];
const MLP_FLOPS_PER_SAMPLE = 3 * 2 * (784 * 256 + 256 * 256 + 256 * 10);

const rows: Row[] = [];
const gflops = await matmulGflops();
const keel: Record<string, number> = {};
for (const k of [1, 16, 64]) {
  const { ms, step } = await keelThroughput(mlp(), [784], 128, k, 640);
  keel[`mlp_k${k}`] = ms;
  rows.push({ workload: 'MLP 784-256-256-10, Adam, batch 128', engine: `Keel (${k} step${k > 1 ? 's' : ''}/call)`, msPerStep: ms, samplesPerS: (128 * 1000) / ms });
  if (k === 16) {
    mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench/results/mlp-train-step.onnx'), step.onnx);
    writeFileSync(join(ROOT, 'bench/results/mlp-train-step.json'), JSON.stringify({ total: step.params.length, stateSize: step.state.length, k: 16, batch: 128, inputShape: [784], calls: 10 }));
  }
  await step.release();
}
for (const k of [1, 16]) {
  const { ms, step } = await keelThroughput(cnn(), [1, 28, 28], 64, k, 160);
  keel[`cnn_k${k}`] = ms;
  rows.push({ workload: 'CNN c16-pool-c32-pool-d10, Adam, batch 64', engine: `Keel (${k} step${k > 1 ? 's' : ''}/call)`, msPerStep: ms, samplesPerS: (64 * 1000) / ms });
  await step.release();
}
// Debian's OpenBLAS 0.3.21 does not recognise this CPU: name the core type it has (AVX-512 → SkylakeX, else Haswell).
const avx512 = readFileSync('/proc/cpuinfo', 'utf8').includes('avx512f');
const torchEnv = { OPENBLAS_CORETYPE: avx512 ? 'SkylakeX' : 'Haswell', OMP_WAIT_POLICY: 'PASSIVE' };
const torch = peer('/usr/bin/python3', ['bench/torch_train.py', 'all', '300'], torchEnv);
const torchMs: Record<string, number> = {};
for (const l of torch.lines) {
  torchMs[String(l['model'])] = Number(l['ms_per_step']);
  rows.push({ workload: l['model'] === 'mlp' ? 'MLP 784-256-256-10, Adam, batch 128' : 'CNN c16-pool-c32-pool-d10, Adam, batch 64', engine: `PyTorch ${String(l['torch'])} (2 threads, tuned)`, msPerStep: Number(l['ms_per_step']), samplesPerS: Number(l['samples_per_s']) });
}
if (torch.error) rows.push({ workload: '–', engine: 'PyTorch', note: `not run: ${torch.error}` });
const tfjs = peer(process.execPath, ['bench/peers/tfjs-mlp.mjs', '30']);
const tfjsMs = Number(tfjs.lines[0]?.['ms_per_step'] ?? NaN);
rows.push({ workload: 'MLP 784-256-256-10, Adam, batch 128', engine: 'tfjs 4.22 + wasm', msPerStep: tfjsMs, samplesPerS: (128 * 1000) / tfjsMs, ...(tfjs.error ? { note: tfjs.error } : {}) });
const web = peer(process.execPath, ['bench/peers/ort-web-train.mjs', 'bench/results/mlp-train-step.onnx', 'bench/results/mlp-train-step.json']);
const webMs = Number(web.lines[0]?.['ms_per_step'] ?? NaN);
rows.push({ workload: 'MLP 784-256-256-10, Adam, batch 128', engine: 'Keel graph on onnxruntime-web 1.30 (wasm, Node)', msPerStep: webMs, samplesPerS: (128 * 1000) / webMs, ...(web.error ? { note: web.error } : {}) });

const best = Math.min(keel['mlp_k16']!, keel['mlp_k64']!);
const bestCnn = Math.min(keel['cnn_k1']!, keel['cnn_k16']!);
const mlpGflops = (MLP_FLOPS_PER_SAMPLE * 128) / (best / 1000) / 1e9;
report('train-throughput', rows, {
  'raw ORT MatMul 1024³ GFLOP/s': gflops,
  'Keel MLP achieved GFLOP/s': mlpGflops,
  'MLP GFLOP/s as share of raw MatMul': mlpGflops / gflops,
  'Keel/PyTorch speed, MLP (target ≥ 1.2)': torchMs['mlp'] ? torchMs['mlp'] / best : NaN,
  'Keel/PyTorch speed, CNN (target ≥ 1.0)': torchMs['cnn'] ? torchMs['cnn'] / bestCnn : NaN,
  'Keel/tfjs-wasm speed, MLP (target ≥ 30)': tfjsMs / best,
  'Keel node / onnxruntime-web speed, MLP': webMs / best,
});
