/**
 * bench/ab-train-step: paired A/B of two compilations of the ResNet-18 train step in one process
 * (arm A: Adam without the tap-box update, as before; arm B: Keel's default), alternating blocks
 * per round; prints process CPU time and wall time per step, the ratio A/B per round and the CPU
 * flags, and writes bench/results/ab-train-step.json (ab-train-step-builds-<workload>.json for two builds).
 * With a fifth argument, arm A is instead the default train step of ANOTHER build of this
 * directory (e.g. a copy of dist-bench made before a change): two builds A/B'd in one process.
 * A sixth argument stacks that many batches per onnxruntime call (fit's stepsPerCall; default 1):
 * CPU and wall time are then per step, the losses compared are each call's first, and the JSON
 * name ends in -k<steps per call>.
 * Run: npm run bench:build && node dist-bench/bench/ab-train-step.js [rounds] [calls per block] [workload] [baseline dist-bench] [steps per call]
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { softmaxCrossEntropy } from '../src/nn/index.js';
import { Adam, type Optimizer } from '../src/optim/index.js';
import { TrainStep } from '../src/runtime/index.js';
import { ints, WORKLOADS } from './architectures.js';
import { median, report } from './harness.js';

const rounds = Number(process.argv[2] ?? 6);
const block = Number(process.argv[3] ?? 2);
const w = WORKLOADS.find((x) => x.name === (process.argv[4] ?? 'resnet18'))!;
const baseline = process.argv[5] || undefined;
const perCall = Number(process.argv[6] ?? 1);
const adam = new Adam();
const plain: Optimizer = { name: 'adam', stateSize: 2, update: (b, io) => adam.update(b, io) };
const compile = (optimizer: Optimizer): Promise<TrainStep> => TrainStep.compile({ model: w.graph(), loss: softmaxCrossEntropy, target: { dtype: 'int64', shape: ['N'] }, optimizer });
/** Arm A from another build: its own workload graph, TrainStep, Adam and loss. */
async function baselineStep(dir: string): Promise<Pick<TrainStep, 'run' | 'release'>> {
  const load = async <T>(path: string): Promise<T> => (await import(pathToFileURL(resolve(dir, path)).href)) as T;
  const { TrainStep: Step } = await load<{ TrainStep: typeof TrainStep }>('src/runtime/index.js');
  const { Adam: BaseAdam } = await load<{ Adam: typeof Adam }>('src/optim/index.js');
  const { softmaxCrossEntropy: loss } = await load<{ softmaxCrossEntropy: typeof softmaxCrossEntropy }>('src/nn/index.js');
  const { WORKLOADS: base } = await load<{ WORKLOADS: typeof WORKLOADS }>('bench/architectures.js');
  const graph = base.find((x) => x.name === w.name)!.graph();
  return Step.compile({ model: graph, loss, target: { dtype: 'int64', shape: ['N'] }, optimizer: new BaseAdam() });
}
const arms = [
  { name: 'A', step: baseline ? await baselineStep(baseline) : await compile(plain) },
  { name: 'B', step: await compile(adam) },
];
const what = baseline ? ['baseline build', 'this build'] : ['whole filters', 'tap boxes'];
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
report(`${baseline ? `ab-train-step-builds-${w.name}` : 'ab-train-step'}${perCall > 1 ? `-k${perCall}` : ''}`, arms.map((a, k) => ({ workload: w.what, engine: `Keel, arm ${a.name} (${what[k]!})`, msPerStep: median(wall[k]!), samplesPerS: (w.batch * 1000) / median(wall[k]!), note: `CPU ${median(cpu[k]!).toFixed(1)} ms/step` })), {
  'CPU flags': readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('flags'))?.split(':')[1]?.trim().split(' ').filter((f) => /^(avx|avx2|fma|avx512f|avx512_vnni)$/.test(f)).join(' ') ?? '',
  'A/B by CPU time, median of rounds': median(ratio),
  'load average': loadavg().map((l) => Number(l.toFixed(1))),
  'A/B by CPU time, per round': ratio.map((v) => Number(v.toFixed(2))),
  'A/B by wall time, per round': wr.map((v) => Number(v.toFixed(2))),
  'losses equal': losses[0]!.every((l, i) => l === losses[1]![i]),
  'steps per call': perCall,
});
