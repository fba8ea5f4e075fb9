/**
 * bench/batchnorm-layer: one Keel batchNorm layer in training mode, forward and backward (dx, dγ,
 * dβ and the running statistics, each summed to a scalar inside the graph so no activation crosses
 * to the host), on the five activation shapes of the ResNet-18 of bench/architectures (batch 64).
 * Prints process CPU time per forward+backward and writes bench/results/batchnorm-layer.json.
 * With a baseline (the dist-bench folder of another build, e.g. a copy made before a change), both
 * builds' layers run in one process, alternated per round, and the table gives the ratio per round.
 * Run: npm run bench:build && node dist-bench/bench/batchnorm-layer.js [rounds] [runs per block] [baseline dist-bench]
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tensor, type HostTensor } from '../src/core/index.js';
import * as Autodiff from '../src/autodiff/index.js';
import * as Nn from '../src/nn/index.js';
import * as Onnx from '../src/onnx/index.js';
import * as Ops from '../src/ops/index.js';
import * as Sess from '../src/session/index.js';
import { median, report, type Row } from './harness.js';

const rounds = Number(process.argv[2] ?? 7);
const runs = Number(process.argv[3] ?? 30);
const baseline = process.argv[4];
const SHAPES = [[64, 64, 16, 16], [64, 64, 8, 8], [64, 128, 4, 4], [64, 256, 2, 2], [64, 512, 1, 1]] as const;
/** How many of ResNet-18's 20 batch norms see each shape (stem; then 4, 5, 5, 5 per stage). */
const LAYERS = [1, 4, 5, 5, 5];

interface Build { autodiff: typeof Autodiff; nn: typeof Nn; onnx: typeof Onnx; ops: typeof Ops; session: typeof Sess }
const load = async (dir: string): Promise<Build> => {
  const at = async <T>(path: string): Promise<T> => (await import(pathToFileURL(resolve(dir, path)).href)) as T;
  return { autodiff: await at('src/autodiff/index.js'), nn: await at('src/nn/index.js'), onnx: await at('src/onnx/index.js'), ops: await at('src/ops/index.js'), session: await at('src/session/index.js') };
};

/** Deterministic activations and output gradient weights (the same for both builds). */
const fill = (shape: readonly number[], f: number): HostTensor => tensor('float32', [...shape], Float32Array.from({ length: shape.reduce((p, q) => p * q, 1) }, (_, i) => Math.sin(i * f) + 0.3));

async function layer(k: Build, shape: readonly number[]): Promise<{ run: () => Promise<number>; release: () => Promise<void> }> {
  const [, c, h, w] = shape as [number, number, number, number];
  const tg = new k.nn.Sequential([k.nn.batchNorm()], { seed: 0 }).trainingGraph({ inputShape: ['N', c, h, w] });
  const g = tg.graph;
  const b = new k.ops.Builder(g);
  const weights = g.addInput('w', { dtype: 'float32', shape: ['N', c, h, w] });
  const loss = b.op1('ReduceSum', [b.mul(g.outputs[0]!, weights)], { keepdims: 0 });
  const params = ['batchnorm0.weight', 'batchnorm0.bias'].map((n) => g.initializers.find((v) => v.name === n)!);
  const grads = k.autodiff.gradients(b, [loss], [g.inputs[0]!, ...params]);
  const sum = (v: Ops.Builder['graph']['outputs'][number]): typeof v => b.op1('ReduceSum', [v], { keepdims: 0 });
  const all = [...grads.map((d) => d!), ...tg.carried.map((x) => x.next)].map(sum);
  g.setOutputs(all.reduce((p, q) => b.add(p, q)));
  const s = await k.session.Session.fromBytes(k.onnx.exportModel(g));
  const feeds = { [g.inputs[0]!.name]: fill(shape, 1), w: fill(shape, 0.37) };
  return {
    run: async () => Number(Object.values(await s.run(feeds))[0]!.data[0]),
    release: () => s.release(),
  };
}

const builds = baseline ? [await load(baseline), await load(resolve(import.meta.dirname, '..'))] : [await load(resolve(import.meta.dirname, '..'))];
const rows: Row[] = [];
const perStep = builds.map(() => 0);
for (const [si, shape] of SHAPES.entries()) {
  const arms = await Promise.all(builds.map((k) => layer(k, shape)));
  const sums: number[] = [];
  for (const [i, a] of arms.entries()) for (let j = 0; j < 3; j++) sums[i] = await a.run();
  const cpu: number[][] = arms.map(() => []);
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? arms.map((_, i) => i) : arms.map((_, i) => arms.length - 1 - i);
    for (const i of order) {
      const c0 = process.cpuUsage();
      for (let j = 0; j < runs; j++) await arms[i]!.run();
      const u = process.cpuUsage(c0);
      cpu[i]!.push((u.user + u.system) / runs);
    }
  }
  const name = `batchNorm ${shape.join('×')} (${LAYERS[si]} in ResNet-18)`;
  const ratio = arms.length === 2 ? cpu[0]!.map((v, i) => v / cpu[1]![i]!) : [];
  arms.forEach((_, i) => {
    perStep[i] = perStep[i]! + median(cpu[i]!) * LAYERS[si]!;
    const note = `${median(cpu[i]!).toFixed(0)} µs CPU per forward+backward, checksum ${sums[i]!.toPrecision(6)}`;
    rows.push({ workload: name, engine: builds.length === 2 && i === 0 ? 'Keel baseline build' : 'Keel', msPerStep: median(cpu[i]!) / 1000, note: i === 1 ? `${note}; baseline/this ${median(ratio).toFixed(2)}× (${ratio.map((v) => v.toFixed(2)).join(' ')})` : note });
  });
  for (const a of arms) await a.release();
}
report('batchnorm-layer', rows, {
  'CPU ms per ResNet-18 step in its 20 batch norms (forward+backward)': builds.length === 2 ? { baseline: Number((perStep[0]! / 1000).toFixed(2)), this: Number((perStep[1]! / 1000).toFixed(2)) } : Number((perStep[0]! / 1000).toFixed(2)),
  load: loadavg()[0],
});
