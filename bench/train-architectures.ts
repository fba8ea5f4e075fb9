/**
 * bench/train-architectures: training throughput, Keel vs PyTorch 1.13 tuned as
 * /work/shared/notes/engine-measurements.md says (2 threads, OPENBLAS_CORETYPE, passive OpenMP
 * waits, warmup), in ONE run, on the three architectures issue 14 names:
 *   - ResNet-18 (torchvision's layout, 10 classes) on 3x32x32 images, batch 64, BatchNorm in training mode
 *   - a 2-layer transformer encoder (vocab 1000, D 128, 4 heads, ff 512, ReLU, post-norm) on 64 tokens, batch 32
 *   - a 2-layer LSTM (input 32, hidden 128, 64 steps), batch 32
 * Adam (lr 1e-3), mean cross-entropy, random data. Keel runs two ways: one step per onnxruntime
 * call (the host sees every step), and 16 stacked batches per call, as fit() trains by default
 * (its stepsPerCall). The machine is shared, so blocks of steps are interleaved (Keel's two arms,
 * then a PyTorch block, per workload, several rounds; PyTorch runs as one server process so every
 * block is warm) and the ratios are taken per round; the table shows medians.
 * Besides wall time, each side's process CPU time per step is recorded (Node's process.cpuUsage,
 * Python's time.process_time: all threads): at a load of 20 on 2 cores, wall time mostly measures
 * the scheduler, while CPU time per step is the work each engine does for the same step.
 * Prints the CPU flags and the load, writes bench/results/train-architectures.json.
 * Run: npm run bench:build && node dist-bench/bench/train-architectures.js [rounds] [steps per block] [workloads]
 * (workloads: a comma list such as `encoder,lstm`, default all; a partial run writes
 * bench/results/train-architectures-<names>.json and leaves the full run's file alone).
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { readFileSync } from 'node:fs';
import type { HostTensor } from '../src/core/index.js';
import { softmaxCrossEntropy } from '../src/nn/index.js';
import { Adam } from '../src/optim/index.js';
import { TrainStep } from '../src/runtime/index.js';
import { ints, WORKLOADS as ALL_WORKLOADS } from './architectures.js';
import { median, report, ROOT, type Row } from './harness.js';

const rounds = Number(process.argv[2] ?? 3);
const blockSteps = Number(process.argv[3] ?? 4);
const only = process.argv[4]?.split(',');
const unknown = only?.filter((n) => !ALL_WORKLOADS.some((w) => w.name === n)) ?? [];
if (unknown.length > 0) throw new Error(`unknown workload(s) ${unknown.join(', ')}; choose from ${ALL_WORKLOADS.map((w) => w.name).join(', ')}`);
const WORKLOADS = only ? ALL_WORKLOADS.filter((w) => only.includes(w.name)) : ALL_WORKLOADS;

const flags = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('flags'))?.split(':')[1]?.trim().split(' ') ?? [];
const simd = flags.filter((f) => /^(avx|avx2|fma|avx512f|avx512_vnni|avx512_bf16|amx\w*)$/.test(f));
process.stdout.write(`CPU flags (SIMD): ${simd.join(' ')}\nload average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);

// PyTorch as one warm server process: "MODEL STEPS" in, one JSON line out.
const torch = spawn('/usr/bin/python3', ['bench/torch_train.py', 'serve'], { cwd: ROOT, env: { ...process.env, OPENBLAS_CORETYPE: flags.includes('avx512f') ? 'SkylakeX' : 'Haswell', OMP_WAIT_POLICY: 'PASSIVE' }, stdio: ['pipe', 'pipe', 'inherit'] });
const answers = createInterface({ input: torch.stdout })[Symbol.asyncIterator]();
async function torchBlock(name: string, steps: number): Promise<{ ms: number[]; cpu: number[]; version: string }> {
  torch.stdin.write(`${name} ${steps}\n`);
  const line = await answers.next();
  if (line.done === true) throw new Error('the PyTorch peer stopped (see its stderr above)');
  const r = JSON.parse(line.value) as { ms_per_step: number[]; cpu_ms_per_step: number[]; torch: string };
  return { ms: r.ms_per_step, cpu: r.cpu_ms_per_step, version: r.torch };
}

/** Keel as fit() runs it by default: this many steps per onnxruntime call (its stepsPerCall). */
const FIT_K = 16;
interface Prepared { step: TrainStep; x: HostTensor; y: HostTensor; xk?: HostTensor; yk?: HostTensor }
const steps = new Map<string, Prepared>();
for (const w of WORKLOADS) {
  const t0 = performance.now();
  const step = await TrainStep.compile({ model: w.graph(), loss: softmaxCrossEntropy, target: { dtype: 'int64', shape: ['N'] }, optimizer: new Adam() });
  const x = w.x();
  const y = ints([1, w.batch], 10);
  for (let i = 0; i < 3; i++) await step.run(x, y, [1e-3]);
  steps.set(w.name, { step, x, y });
  process.stdout.write(`${w.name}: Keel compiled and warmed up in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}
// FIT_K stacked batches per workload, drawn after the 1-step batches (which stay as they were).
for (const w of WORKLOADS) {
  const s = steps.get(w.name)!;
  s.xk = w.x(FIT_K);
  s.yk = ints([FIT_K, w.batch], 10);
  await s.step.run(s.xk, s.yk, new Array<number>(FIT_K).fill(1e-3));
}

/** Wall and process CPU milliseconds per step of `calls` calls of `run`, each taking `per` steps. */
async function timed(calls: number, per: number, run: () => Promise<unknown>): Promise<{ ms: number[]; cpu: number[] }> {
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < calls; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await run();
    ms.push((performance.now() - t0) / per);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000 / per);
  }
  return { ms, cpu };
}

const ARMS = ['1 step/call', `${FIT_K} steps/call`];
const series = new Map<string, number[]>();
const push = (key: string, v: readonly number[]): void => void series.set(key, [...(series.get(key) ?? []), ...v]);
const get = (key: string): number[] => series.get(key) ?? [];
let version = '';
for (let r = 0; r < rounds; r++) {
  for (const w of WORKLOADS) {
    const s = steps.get(w.name)!;
    // Keel's two arms, then PyTorch, back to back: each round's ratios compare neighbours in time.
    const keel = [
      await timed(blockSteps, 1, () => s.step.run(s.x, s.y, [1e-3])),
      await timed(1, FIT_K, () => s.step.run(s.xk!, s.yk!, new Array<number>(FIT_K).fill(1e-3))),
    ];
    const t = await torchBlock(w.name, blockSteps);
    version = t.version;
    push(`torch ms ${w.name}`, t.ms);
    push(`torch cpu ${w.name}`, t.cpu);
    const parts = ARMS.map((arm, i) => {
      const k = keel[i]!;
      push(`keel ms ${arm} ${w.name}`, k.ms);
      push(`keel cpu ${arm} ${w.name}`, k.cpu);
      const ratio = median(t.ms) / median(k.ms);
      const cpuRatio = median(t.cpu) / median(k.cpu);
      push(`ratio ${arm} ${w.name}`, [ratio]);
      push(`cpu ratio ${arm} ${w.name}`, [cpuRatio]);
      return `Keel ${arm} ${median(k.ms).toFixed(1)} ms/step (CPU ${median(k.cpu).toFixed(1)}): ${ratio.toFixed(2)}× wall, ${cpuRatio.toFixed(2)}× CPU`;
    });
    process.stdout.write(`round ${r + 1}/${rounds} ${w.name}: PyTorch ${median(t.ms).toFixed(1)} ms/step (CPU ${median(t.cpu).toFixed(1)}); ${parts.join('; ')} (load ${loadavg()[0]!.toFixed(1)})\n`);
  }
}
torch.stdin.end();
for (const s of steps.values()) await s.step.release();

const rows: Row[] = [];
const summary: Record<string, unknown> = { 'CPU SIMD flags': simd.join(' '), 'load average at end': loadavg().map((l) => l.toFixed(1)).join(' '), rounds, 'steps per block': blockSteps, 'fit steps per call': FIT_K };
const round2 = (xs: readonly number[]): number[] => xs.map((v) => Number(v.toFixed(2)));
for (const w of WORKLOADS) {
  for (const arm of ARMS) {
    const k = median(get(`keel ms ${arm} ${w.name}`));
    rows.push({ workload: w.what, engine: `Keel (${arm})`, msPerStep: k, samplesPerS: (w.batch * 1000) / k, note: `CPU ${median(get(`keel cpu ${arm} ${w.name}`)).toFixed(1)} ms/step` });
  }
  const t = median(get(`torch ms ${w.name}`));
  rows.push({ workload: w.what, engine: `PyTorch ${version} (2 threads, tuned)`, msPerStep: t, samplesPerS: (w.batch * 1000) / t, note: `CPU ${median(get(`torch cpu ${w.name}`)).toFixed(1)} ms/step` });
  for (const arm of ARMS) {
    const rs = get(`ratio ${arm} ${w.name}`);
    const cs = get(`cpu ratio ${arm} ${w.name}`);
    summary[`Keel (${arm})/PyTorch speed, ${w.name} (target ≥ 1.0): median of rounds`] = median(rs);
    summary[`Keel (${arm})/PyTorch speed, ${w.name}: per round`] = round2(rs);
    summary[`Keel (${arm})/PyTorch speed by CPU time per step, ${w.name}: median of rounds`] = median(cs);
    summary[`Keel (${arm})/PyTorch speed by CPU time per step, ${w.name}: per round`] = round2(cs);
  }
}
report(only ? `train-architectures-${WORKLOADS.map((w) => w.name).join('-')}` : 'train-architectures', rows, summary);
