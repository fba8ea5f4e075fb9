/**
 * bench/scalar-broadcast: onnxruntime's CPU broadcast of one value against a tensor, as written
 * (a rank-0 scalar, the form exporters and optimizers write) and as Keel's Builder now builds it
 * (the value at the tensor's rank, [1, 1, 1, 1]; see src/ops/scalar-rank.ts), on the shapes of a
 * ResNet-18 train step: 1×1 filters and pooled [N, C, 1, 1] maps, where the scalar form runs one
 * element per inner loop, and larger shapes, where both forms are the same. Each graph is a chain of
 * 20 Muls; the table gives process CPU time per element and Mul, median of interleaved rounds.
 * Run: npm run bench:build && node dist-bench/bench/scalar-broadcast.js [rounds] [runs per block]
 */
import { loadavg } from 'node:os';
import { tensor, type HostTensor } from '../src/core/index.js';
import { cpuFeatures } from '../src/efficiency/index.js';
import { Graph, Node, type Value } from '../src/ir/index.js';
import { exportModel } from '../src/onnx/index.js';
import { Session } from '../src/session/index.js';
import { median, report, type Row } from './harness.js';

const rounds = Number(process.argv[2] ?? 7);
const runs = Number(process.argv[3] ?? 20);
const CHAIN = 20;
const SHAPES = [[512, 512, 1, 1], [512, 256, 1, 1], [64, 512, 1, 1], [256, 256, 3, 3], [64, 64, 16, 16], [64, 512]];

/** A chain of Muls by one constant, written node by node (not through the Builder, which would widen it). */
function chain(shape: readonly number[], scalarShape: readonly number[]): Graph {
  const g = new Graph('scalar_broadcast');
  let y: Value = g.addInput('x', { dtype: 'float32', shape: [...shape] });
  const s = g.addInitializer('s', tensor('float32', [...scalarShape], [0.999]));
  for (let i = 0; i < CHAIN; i++) {
    const out = g.newValue(`y${i}`, { dtype: 'float32', shape: [...shape] }, 'node');
    g.addNode(new Node('Mul', [y, s], [out], {}, `mul${i}`));
    y = out;
  }
  g.setOutputs(y);
  return g;
}

const rows: Row[] = [];
const ratios: Record<string, number> = {};
for (const shape of SHAPES) {
  const size = shape.reduce((p, q) => p * q, 1);
  const feeds: Record<string, HostTensor> = { x: tensor('float32', shape, new Float32Array(size).fill(1)) };
  const arms = await Promise.all([[], shape.map(() => 1)].map((sc) => Session.fromBytes(exportModel(chain(shape, sc)))));
  for (const s of arms) for (let i = 0; i < 3; i++) await s.run(feeds);
  const ns: number[][] = arms.map(() => []);
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? [0, 1] : [1, 0];
    for (const i of order) {
      const c0 = process.cpuUsage();
      for (let j = 0; j < runs; j++) await arms[i]!.run(feeds);
      const u = process.cpuUsage(c0);
      ns[i]!.push(((u.user + u.system) * 1000) / (runs * CHAIN * size));
    }
  }
  await Promise.all(arms.map((s) => s.release()));
  const per = ns[0]!.map((v, i) => v / ns[1]![i]!);
  const name = `Mul [${shape.join(', ')}] by one value`;
  ratios[shape.join('x')] = median(per);
  rows.push({ workload: name, engine: 'onnxruntime, scalar [] as written', note: `${median(ns[0]!).toFixed(2)} ns CPU per element` });
  rows.push({ workload: name, engine: 'onnxruntime, [1, …, 1] as Keel builds it', note: `${median(ns[1]!).toFixed(2)} ns CPU per element; scalar/rank-matched ${median(per).toFixed(2)}× (${per.map((v) => v.toFixed(2)).join(' ')})` });
}
report('scalar-broadcast', rows, { 'CPU flags': cpuFeatures().flags.join(' '), 'scalar/rank-matched CPU time, median of rounds': ratios, rounds, 'load average': loadavg().map((v) => Number(v.toFixed(1))) });
