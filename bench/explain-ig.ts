/**
 * bench/explain-ig: integrated gradients (50 steps) on 1,000 MNIST images, Keel vs PyTorch, same
 * small CNN and weights (Keel's weights exported to .npz, rebuilt in torch), one run; plus
 * KernelSHAP throughput (model evaluations per second).
 * Run: npx tsc -p bench/tsconfig.json && node dist-bench/bench/explain-ig.js
 */
import { join } from 'node:path';
import { readNpy, writeNpz } from '../src/io/index.js';
import { loadMnist } from '../src/datasets/index.js';
import { ExplainModel, IntegratedGradients, KernelShap, quadrature, sliceRows, type F32 } from '../src/explain/index.js';
import { Model } from '../src/model/index.js';
import { conv2d, dense, flatten, maxPool2d, Sequential, Sgd, type HostTensor } from '../src/index.js';
import { softmaxCrossEntropy } from '../src/nn/index.js';
import { TrainStep } from '../src/runtime/index.js';
import { trainEpoch } from '../src/train/index.js';
import { Rng } from '../src/core/index.js';
import { median, peer, report, ROOT, type Row } from './harness.js';

const N = 1000;
const STEPS = 50;
const CHUNK = 1000;
const { train, test } = loadMnist({ shape: 'image', trainLimit: 5000, testLimit: N });
const net = new Sequential([conv2d(8, 3, { padding: 'same', activation: 'relu' }), maxPool2d(2), conv2d(16, 3, { padding: 'same', activation: 'relu' }), maxPool2d(2), flatten(), dense(10)], { seed: 0 });
// A short training pass so attributions are meaningful (timing does not depend on it).
const step = await TrainStep.compile({ model: net.graph({ inputShape: ['N', 1, 28, 28], training: true }), loss: softmaxCrossEntropy, target: { dtype: 'int64', shape: ['N'] }, optimizer: new Sgd() });
await trainEpoch(step, train.x, train.y, { batchSize: 64, shuffle: true, lr: () => 0.05, rng: new Rng(0) });
net.setWeights(step.weights());
const model = await ExplainModel.create(net.graph({ inputShape: ['N', 1, 28, 28] }), { batchSize: CHUNK });
const x = test.x;
const target = Array.from(test.y.data, Number);
const rule = 'riemann-middle' as const;
const ig = new IntegratedGradients(model, { steps: STEPS, rule, internalBatchSize: CHUNK });

await ig.attribute(sliceRows(x, 0, 50), { target: target.slice(0, 50) }); // warm-up (compiles the gradient graph)
const times: number[] = [];
let attributions: F32 | undefined;
let delta: Float64Array | undefined;
for (let r = 0; r < 3; r++) {
  const t0 = performance.now();
  ({ attributions, delta } = await ig.attribute(x, { target }));
  times.push(performance.now() - t0);
}
const keelS = median(times) / 1000;

const q = quadrature(rule, STEPS);
const weights = new Map<string, HostTensor>([...net.params.values()].map((t, i) => [`p${i}`, t]));
weights.set('x', x);
weights.set('target', { dtype: 'int64', shape: [N], data: test.y.data });
weights.set('alphas', { dtype: 'float64', shape: [STEPS], data: q.alphas });
weights.set('weights', { dtype: 'float64', shape: [STEPS], data: q.weights });
const npz = join(ROOT, 'bench/results/explain-ig-weights.npz');
const torchOut = join(ROOT, 'bench/results/explain-ig-torch.npy');
writeNpz(npz, weights);
const torch = peer('/usr/bin/python3', ['bench/explain_ig_torch.py', npz, String(CHUNK), torchOut], { OPENBLAS_CORETYPE: 'Haswell', OMP_WAIT_POLICY: 'PASSIVE' });
const torchS = Number(torch.lines[0]?.['seconds'] ?? NaN);
let agree = NaN;
if (!torch.error && attributions) {
  const ref = readNpy(torchOut);
  let num = 0;
  let den = 0;
  for (let i = 0; i < ref.data.length; i++) {
    num += Math.abs(attributions.data[i]! - Number(ref.data[i]));
    den += Math.abs(Number(ref.data[i]));
  }
  agree = num / den;
}

// KernelSHAP throughput: 2048 coalitions per row on the tabular reference model, and 7×7 superpixels on MNIST.
const tab = ExplainModel.fromModel(await Model.load(join(ROOT, 'test/fixtures/torch-reference/tab.onnx')));
const tabX = readNpy(join(ROOT, 'test/fixtures/torch-reference/tab_x.npy')) as F32;
const ks = new KernelShap(tab, { samples: 2048, seed: 0, batchSize: 4096 });
await ks.attribute(sliceRows(tabX, 0, 2), { target: 1 });
let t0 = performance.now();
await ks.attribute(tabX, { target: 1 });
const tabEvalsPerS = ks.evaluations / ((performance.now() - t0) / 1000);
const mask = Int32Array.from({ length: 784 }, (_, e) => Math.floor(Math.floor(e / 28) / 4) * 7 + Math.floor((e % 28) / 4));
const ksImg = new KernelShap(model, { samples: 1024, seed: 0 });
t0 = performance.now();
await ksImg.attribute(sliceRows(x, 0, 10), { target: target.slice(0, 10), featureMask: mask });
const imgEvalsPerS = ksImg.evaluations / ((performance.now() - t0) / 1000);

const rows: Row[] = [
  { workload: `IG ${STEPS} steps × ${N} MNIST (CNN)`, engine: 'keel', msPerStep: keelS * 1000, samplesPerS: (N * STEPS) / keelS, note: `${(N / keelS).toFixed(0)} images/s; mean delta ${(delta!.reduce((a, b) => a + b, 0) / N).toExponential(2)}` },
  { workload: `IG ${STEPS} steps × ${N} MNIST (CNN)`, engine: 'pytorch', msPerStep: torchS * 1000, samplesPerS: (N * STEPS) / torchS, note: torch.error ?? `relative L1 vs keel ${agree.toExponential(2)}` },
  { workload: 'KernelSHAP tab.onnx, 20 rows × 256 coalitions (2048 budget)', engine: 'keel', samplesPerS: tabEvalsPerS, note: 'model evaluations/s' },
  { workload: 'KernelSHAP MNIST CNN, 10 rows × 1026 coalitions of 49 superpixels', engine: 'keel', samplesPerS: imgEvalsPerS, note: 'model evaluations/s' },
];
report('explain-ig', rows, { speedupVsPytorch: torchS / keelS });
await model.release();
await tab.release();
