/**
 * bench/ab-train-step: paired A/B of two compilations of a train step (one step per call) in one
 * process, alternating blocks per round; prints process CPU time and wall time per step, the
 * ratio A/B per round and the CPU flags, and writes a JSON file under bench/results/.
 * - Without a baseline: arm A is Adam without the tap-box update (as before it), arm B Keel's
 *   default; writes bench/results/ab-train-step.json.
 * - With a baseline folder (another checkout's build of this bench, e.g. main's: `git worktree
 *   add /tmp/base main`, link node_modules into it, `npx tsc -p bench/tsconfig.json` there): arm A
 *   is that build's TrainStep on its own copy of the workload, arm B this build's; both read the
 *   same seeded data, and the losses are compared. Writes bench/results/ab-train-step-<workload>.json.
 * Run: npm run bench:build && node dist-bench/bench/ab-train-step.js [rounds] [steps per block] [workload] [baseline folder]
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HostTensor } from '../src/core/index.js';
import { softmaxCrossEntropy } from '../src/nn/index.js';
import { Adam, type Optimizer } from '../src/optim/index.js';
import { TrainStep } from '../src/runtime/index.js';
import { ints, WORKLOADS } from './architectures.js';
import { median, report } from './harness.js';

const rounds = Number(process.argv[2] ?? 6);
const block = Number(process.argv[3] ?? 2);
const w = WORKLOADS.find((x) => x.name === (process.argv[4] ?? 'resnet18'))!;
const baseline = process.argv[5];

/** What the bench needs of a train step, from this build or another. */
interface Arm {
  readonly name: string;
  readonly what: string;
  readonly step: { run(xs: HostTensor, ys: HostTensor, lrs: readonly number[]): Promise<{ losses: number[] }>; release(): Promise<void> };
}
type Modules = [typeof import('../src/runtime/index.js'), typeof import('../src/nn/index.js'), typeof import('../src/optim/index.js'), typeof import('./architectures.js')];

async function baselineArm(dir: string): Promise<Arm> {
  const load = (path: string): Promise<unknown> => import(pathToFileURL(join(resolve(dir), 'dist-bench', path)).href);
  const [rt, nn, optim, arch] = (await Promise.all(['src/runtime/index.js', 'src/nn/index.js', 'src/optim/index.js', 'bench/architectures.js'].map(load))) as Modules;
  const bw = arch.WORKLOADS.find((x) => x.name === w.name)!;
  const step = await rt.TrainStep.compile({ model: bw.graph(), loss: nn.softmaxCrossEntropy, target: { dtype: 'int64', shape: ['N'] }, optimizer: new optim.Adam() });
  return { name: 'A', what: `build in ${dir}`, step };
}

const adam = new Adam();
const plain: Optimizer = { name: 'adam', stateSize: 2, update: (b, io) => adam.update(b, io) };
const compile = (optimizer: Optimizer): Promise<TrainStep> => TrainStep.compile({ model: w.graph(), loss: softmaxCrossEntropy, target: { dtype: 'int64', shape: ['N'] }, optimizer });
const arms: Arm[] = [
  baseline ? await baselineArm(baseline) : { name: 'A', what: 'whole filters', step: await compile(plain) },
  { name: 'B', what: baseline ? 'this build' : 'tap boxes', step: await compile(adam) },
];
const x = w.x();
const y = ints([1, w.batch], 10);
for (const a of arms) for (let i = 0; i < 2; i++) await a.step.run(x, y, [1e-3]);
const cpu: number[][] = [[], []];
const wall: number[][] = [[], []];
const losses: number[][] = [[], []];
for (let r = 0; r < rounds; r++) {
  const order = r % 2 === 0 ? [0, 1] : [1, 0];
  const got: { c: number; t: number }[] = [];
  for (const k of order) {
    const c: number[] = [];
    const t: number[] = [];
    for (let i = 0; i < block; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const { losses: l } = await arms[k]!.step.run(x, y, [1e-3]);
      t.push(performance.now() - t0);
      const u = process.cpuUsage(c0);
      c.push((u.user + u.system) / 1000);
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
const same = losses[0]!.every((l, i) => l === losses[1]![i]);
process.stdout.write(`median A/B by CPU time ${median(ratio).toFixed(2)}× (${ratio.map((v) => v.toFixed(2)).join(' ')}), wall ${median(wr).toFixed(2)}× (${wr.map((v) => v.toFixed(2)).join(' ')})\n`);
process.stdout.write(`losses equal: ${same} (A ${losses[0]!.slice(0, 4).join(', ')}; B ${losses[1]!.slice(0, 4).join(', ')})\n`);
for (const a of arms) await a.step.release();
report(baseline ? `ab-train-step-${w.name}` : 'ab-train-step', arms.map((a, k) => ({ workload: w.what, engine: `Keel, arm ${a.name} (${a.what})`, msPerStep: median(wall[k]!), samplesPerS: (w.batch * 1000) / median(wall[k]!), note: `CPU ${median(cpu[k]!).toFixed(1)} ms/step` })), {
  'CPU flags': readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('flags'))?.split(':')[1]?.trim().split(' ').filter((f) => /^(avx|avx2|fma|avx512f|avx512_vnni)$/.test(f)).join(' ') ?? '',
  'load average': loadavg().map((l) => Number(l.toFixed(1))),
  'A/B by CPU time, median of rounds': median(ratio),
  'A/B by CPU time, per round': ratio.map((v) => Number(v.toFixed(2))),
  'A/B by wall time, per round': wr.map((v) => Number(v.toFixed(2))),
  'losses equal': same,
});
