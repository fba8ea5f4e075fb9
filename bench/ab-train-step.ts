/**
 * bench/ab-train-step: paired A/B of two compilations of the ResNet-18 train step in one process
 * (arm A: Adam without the tap-box update, as before; arm B: Keel's default), alternating blocks
 * per round; prints process CPU time and wall time per step, the ratio A/B per round and the CPU
 * flags, and writes bench/results/ab-train-step.json.
 * With KEEL_AB_BASE set to the dist-bench folder of another build (e.g. main's, built into
 * .tmp/base-bench), arm A is that build's Adam instead, tap boxes included: a before/after A/B of
 * an optimizer change, in one process, written to bench/results/ab-train-step-base-<workload>.json.
 * The fifth argument stacks that many batches per onnxruntime call (fit's stepsPerCall; default 1):
 * CPU and wall time are then per step, and the losses compared are each call's first.
 * Run: npm run bench:build && node dist-bench/bench/ab-train-step.js [rounds] [calls per block] [workload] [steps per call]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadavg } from 'node:os';
import { softmaxCrossEntropy } from '../src/nn/index.js';
import { Adam, type Optimizer } from '../src/optim/index.js';
import type * as Optim from '../src/optim/index.js';
import { TrainStep } from '../src/runtime/index.js';
import { ints, WORKLOADS } from './architectures.js';
import { median, report } from './harness.js';

const rounds = Number(process.argv[2] ?? 6);
const block = Number(process.argv[3] ?? 2);
const w = WORKLOADS.find((x) => x.name === (process.argv[4] ?? 'resnet18'))!;
const perCall = Number(process.argv[5] ?? 1);
const adam = new Adam();
const base = process.env['KEEL_AB_BASE'];
const baseOptim = base === undefined ? undefined : ((await import(resolve(base, 'src/optim/index.js'))) as typeof Optim);
const plain: Optimizer = { name: 'adam', stateSize: 2, update: (b, io) => adam.update(b, io) };
const armA = baseOptim ? `Adam of the build in ${base}` : 'whole filters';
const arms = [
  { name: 'A', step: await TrainStep.compile({ model: w.graph(), loss: softmaxCrossEntropy, target: { dtype: 'int64', shape: ['N'] }, optimizer: baseOptim ? new baseOptim.Adam() : plain }) },
  { name: 'B', step: await TrainStep.compile({ model: w.graph(), loss: softmaxCrossEntropy, target: { dtype: 'int64', shape: ['N'] }, optimizer: adam }) },
];
const x = w.x(perCall);
const y = ints([perCall, w.batch], 10);
const lrs = new Array<number>(perCall).fill(1e-3);
for (const a of arms) for (let i = 0; i < 2; i++) await a.step.run(x, y, lrs);
const cpu: number[][] = [[], []];
const wall: number[][] = [[], []];
const losses: number[][] = [[], []];
for (let r = 0; r < rounds; r++) {
  const per = arms.map((a, k) => {
    return { a, k };
  });
  const order = r % 2 === 0 ? per : [...per].reverse();
  const got: { c: number; t: number }[] = [];
  for (const { a, k } of order) {
    const c: number[] = [];
    const t: number[] = [];
    for (let i = 0; i < block; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const { losses: l } = await a.step.run(x, y, lrs);
      t.push((performance.now() - t0) / perCall);
      const u = process.cpuUsage(c0);
      c.push((u.user + u.system) / 1000 / perCall);
      losses[k]!.push(l[0]!);
    }
    got[k] = { c: median(c), t: median(t) };
    cpu[k]!.push(median(c));
    wall[k]!.push(median(t));
  }
  process.stdout.write(`round ${r + 1}: A ${got[0]!.c.toFixed(0)} ms CPU (${got[0]!.t.toFixed(0)} wall), B ${got[1]!.c.toFixed(0)} ms CPU (${got[1]!.t.toFixed(0)} wall): A/B CPU ${(got[0]!.c / got[1]!.c).toFixed(2)}×, wall ${(got[0]!.t / got[1]!.t).toFixed(2)}× (load ${loadavg()[0]!.toFixed(1)})\n`);
}
const ratio = cpu[0]!.map((c, i) => c / cpu[1]![i]!);
const wr = wall[0]!.map((c, i) => c / wall[1]![i]!);
process.stdout.write(`median A/B by CPU time ${median(ratio).toFixed(2)}× (${ratio.map((v) => v.toFixed(2)).join(' ')}), wall ${median(wr).toFixed(2)}× (${wr.map((v) => v.toFixed(2)).join(' ')})\n`);
process.stdout.write(`losses equal: ${losses[0]!.every((l, i) => l === losses[1]![i])} (A ${losses[0]!.slice(0, 4).join(', ')}; B ${losses[1]!.slice(0, 4).join(', ')})\n`);
for (const a of arms) await a.step.release();
report(baseOptim ? `ab-train-step-base-${w.name}` : 'ab-train-step', arms.map((a, k) => ({ workload: w.what, engine: `Keel, arm ${a.name} (${k === 0 ? armA : baseOptim ? "this build's Adam" : 'tap boxes'})`, msPerStep: median(wall[k]!), samplesPerS: (w.batch * 1000) / median(wall[k]!), note: `CPU ${median(cpu[k]!).toFixed(1)} ms/step` })), {
  'CPU flags': readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('flags'))?.split(':')[1]?.trim().split(' ').filter((f) => /^(avx|avx2|fma|avx512f|avx512_vnni)$/.test(f)).join(' ') ?? '',
  'A/B by CPU time, median of rounds': median(ratio),
  'A/B by CPU time, per round': ratio.map((v) => Number(v.toFixed(2))),
  'losses equal': losses[0]!.every((l, i) => l === losses[1]![i]),
  'steps per call': perCall,
});
