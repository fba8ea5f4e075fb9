/**
 * bench/train-lstm: training throughput of a 2-layer LSTM (input 32, hidden 128, 64 time steps,
 * batch 32, Adam, linear head on the last hidden state), Keel vs PyTorch tuned as
 * docs/benchmarks.md says, in one run. Prints the CPU flags and a table, writes
 * bench/results/train-lstm.json.
 * Run: npm run bench:build && node dist-bench/bench/train-lstm.js [steps]
 */
import { readFileSync } from 'node:fs';
import { Rng, tensor, type HostTensor } from '../src/core/index.js';
import { dense, lstm, Sequential, softmaxCrossEntropy } from '../src/nn/index.js';
import { Adam } from '../src/optim/index.js';
import { TrainStep } from '../src/runtime/index.js';
import { median, peer, report, type Row } from './harness.js';

const [T, F, H, B] = [64, 32, 128, 32];
const WORKLOAD = `2-layer LSTM ${F}→${H}, ${T} steps, batch ${B}, Adam`;
const steps = Number(process.argv[2] ?? 60);
const rng = new Rng(0);
const rand = (shape: number[]): HostTensor => tensor('float32', shape, Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.uniform()));
const labels = (shape: number[]): HostTensor => tensor('int64', shape, Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.int(10)));

const flags = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('flags'))?.split(':')[1]?.trim().split(' ') ?? [];
const simd = flags.filter((f) => /^(avx|avx2|fma|avx512f|avx512_vnni|avx512_bf16|amx\w*)$/.test(f));
process.stdout.write(`CPU flags (SIMD): ${simd.join(' ')}\n`);

const rows: Row[] = [];
const keel: Record<number, number> = {};
for (const k of [1, 8]) {
  const model = new Sequential([lstm(H, { returnSequences: true }), lstm(H), dense(10)], { seed: 0 });
  const step = await TrainStep.compile({ model: model.graph({ inputShape: ['N', T, F], training: true }), loss: softmaxCrossEntropy, target: { dtype: 'int64', shape: ['N'] }, optimizer: new Adam() });
  const xs = rand([k, B, T, F]);
  const ys = labels([k, B]);
  const lrs = new Array<number>(k).fill(1e-3);
  for (let i = 0; i < Math.max(1, Math.ceil(8 / k)); i++) await step.run(xs, ys, lrs);
  const times: number[] = [];
  for (let i = 0; i < Math.max(3, Math.ceil(steps / k)); i++) {
    const t0 = performance.now();
    await step.run(xs, ys, lrs);
    times.push((performance.now() - t0) / k);
  }
  await step.release();
  keel[k] = median(times);
  rows.push({ workload: WORKLOAD, engine: `Keel (${k} step${k > 1 ? 's' : ''}/call)`, msPerStep: keel[k], samplesPerS: (B * 1000) / keel[k] });
}
const avx512 = flags.includes('avx512f');
const torch = peer('/usr/bin/python3', ['bench/torch_train.py', 'lstm', String(steps)], { OPENBLAS_CORETYPE: avx512 ? 'SkylakeX' : 'Haswell', OMP_WAIT_POLICY: 'PASSIVE' });
const torchMs = Number(torch.lines[0]?.['ms_per_step'] ?? NaN);
rows.push({ workload: WORKLOAD, engine: `PyTorch ${typeof torch.lines[0]?.['torch'] === 'string' ? torch.lines[0]['torch'] : ''} (2 threads, tuned)`, msPerStep: torchMs, samplesPerS: (B * 1000) / torchMs, ...(torch.error ? { note: `not run: ${torch.error}` } : {}) });
report('train-lstm', rows, { 'CPU SIMD flags': simd.join(' '), 'Keel/PyTorch speed, 2-layer LSTM (target ≥ 1.0)': torchMs / Math.min(keel[1]!, keel[8]!) });
