/**
 * bench/profile-train-step: where a Keel training step spends its time, per op type and per node,
 * from onnxruntime's own profiler (the compiled train step of one bench/architectures workload,
 * 2 threads by default, a few profiled steps after warmup). Prints the top op types and nodes, each node with
 * its input shapes (to tell which lowering or gradient rule emitted it). On a loaded machine, pass
 * 1 thread: kernel times are wall times, and a kernel whose second thread is preempted waits for it.
 * Run: npm run bench:build && node dist-bench/bench/profile-train-step.js resnet18 [steps] [threads]
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { softmaxCrossEntropy } from '../src/nn/index.js';
import { parseOnnx } from '../src/onnx/index.js';
import { Adam } from '../src/optim/index.js';
import { TrainStep } from '../src/runtime/index.js';
import { ints, WORKLOADS } from './architectures.js';

const name = process.argv[2] ?? 'resnet18';
const steps = Number(process.argv[3] ?? 2);
const threads = Number(process.argv[4] ?? 2);
const w = WORKLOADS.find((x) => x.name === name);
if (!w) throw new Error(`unknown workload ${name}; one of ${WORKLOADS.map((x) => x.name).join(', ')}`);
const step = await TrainStep.compile({ model: w.graph(), loss: softmaxCrossEntropy, target: { dtype: 'int64', shape: ['N'] }, optimizer: new Adam() });
const session = await ort.InferenceSession.create(step.onnx, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all', enableProfiling: true, profileFilePrefix: `/tmp/keel-profile-${name}`, extra: { session: { intra_op: { allow_spinning: '0' } } } });
const x = w.x();
const y = ints([1, w.batch], 10);
const feeds: Record<string, ort.Tensor> = {};
// Each weight's carried shape as the train step declares it (a filter's used tap box may be smaller than the filter).
const carried = new Map(parseOnnx(step.onnx).graph.inputs.map((v) => [v.name, v.shape.map(Number)]));
for (const n of session.inputNames) {
  // The model's own initial weights and zero optimizer state, as TrainStep.run feeds them: constant
  // fake weights make a transformer's LayerNorm inputs constant and its gradients denormal. A
  // filter carried as its used tap box gets the weight's leading values (realistic magnitudes).
  const slot = /^(param|state\d+_)(\d+)$/.exec(n);
  const shape = slot ? carried.get(n) : undefined;
  const weight = [...step.weights().values()][Number(slot?.[2] ?? -1)];
  if (shape && weight) {
    const size = shape.reduce((p, d) => p * d, 1);
    feeds[n] = new ort.Tensor('float32', slot?.[1] === 'param' ? Float32Array.from((weight.data as Float32Array).subarray(0, size)) : new Float32Array(size), shape);
  } else if (n === 'step') feeds[n] = new ort.Tensor('float32', new Float32Array([0]), []);
  else if (n === 'lrs') feeds[n] = new ort.Tensor('float32', new Float32Array([1e-3]), [1]);
  else if (n === 'xs') feeds[n] = new ort.Tensor(x.dtype === 'int64' ? 'int64' : 'float32', x.data as Float32Array, x.shape);
  else if (n === 'ys') feeds[n] = new ort.Tensor('int64', y.data as BigInt64Array, y.shape);
}
const t0 = performance.now();
for (let i = 0; i < steps + 1; i++) await session.run(feeds);
process.stdout.write(`${name}: ${((performance.now() - t0) / (steps + 1)).toFixed(1)} ms/step while profiling\n`);
session.endProfiling();
await session.release();
await step.release();
// onnxruntime-node writes <prefix>_<timestamp>.json and does not return the name.
const found = readdirSync('/tmp').filter((f) => f.startsWith(`keel-profile-${name}`) && f.endsWith('.json')).sort().pop();
if (found === undefined) throw new Error('onnxruntime wrote no profile under /tmp');
const file = `/tmp/${found}`;
interface Event { cat: string; name: string; dur: number; args?: { op_name?: string; input_type_shape?: Record<string, number[]>[] } }
const events = (JSON.parse(readFileSync(file, 'utf8')) as Event[]).filter((e) => e.cat === 'Node' && e.name.endsWith('_kernel_time'));
rmSync(file, { force: true });
const byOp = new Map<string, number>();
const byNode = new Map<string, number>();
let total = 0;
for (const e of events) {
  const op = e.args?.op_name ?? '?';
  byOp.set(op, (byOp.get(op) ?? 0) + e.dur);
  const ins = e.args?.input_type_shape ?? [];
  const shapes = ins.slice(0, 4).map((t) => Object.values(t)[0]?.join('x') ?? '?').join(' ') + (ins.length > 4 ? ' …' : '');
  const node = `${op} ${e.name.replace(/_kernel_time$/, '')} [${shapes}]`;
  byNode.set(node, (byNode.get(node) ?? 0) + e.dur);
  total += e.dur;
}
const top = (m: Map<string, number>, n: number): string => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${(v / 1000 / (steps + 1)).toFixed(1).padStart(9)} ms  ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`).join('\n');
process.stdout.write(`kernel time per step ${(total / 1000 / (steps + 1)).toFixed(1)} ms\nby op type:\n${top(byOp, 25)}\nby node:\n${top(byNode, 30)}\n`);
