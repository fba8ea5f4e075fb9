/**
 * bench/attack-pgd: PGD-20 (L∞, ε = 0.1, α = 0.01, random start) over N MNIST test images
 * (default 10,000), Keel vs the same loop in PyTorch, same CNN architecture (random weights in
 * both), batches of 500, 2 threads each. Run:
 *   npx tsc -p bench/tsconfig.json && node dist-bench/bench/attack-pgd.js [N]
 */
import { loadMnist } from '../src/datasets/index.js';
import { conv2d, dense, flatten, maxPool2d, Sequential } from '../src/nn/index.js';
import { GraphClassifier, PgdAttack } from '../src/robust/index.js';
import { peer, report, type Row } from './harness.js';

const n = Number(process.argv[2] ?? 10000);
const { test } = loadMnist({ shape: 'image', testLimit: n });
const net = new Sequential([conv2d(16, 3, { padding: 'same', activation: 'relu' }), maxPool2d(2), conv2d(32, 3, { padding: 'same', activation: 'relu' }), maxPool2d(2), flatten(), dense(10)], { seed: 0 });
const model = GraphClassifier.create(net.graph({ inputShape: ['N', 1, 28, 28] }), { batchSize: 500 });
const pgd = new PgdAttack(model, { steps: 20, stepSize: 0.01 });
const warm = { dtype: test.x.dtype, shape: [500, 1, 28, 28], data: test.x.data.slice(0, 500 * 784) } as typeof test.x;
await pgd.perturb(warm, { ...test.y, shape: [500], data: test.y.data.slice(0, 500) }, { eps: 0.1 });
const t0 = performance.now();
const r = await pgd.perturb(test.x, test.y, { eps: 0.1, seed: 1 });
const keelS = (performance.now() - t0) / 1000;
await model.release();
const rows: Row[] = [{ workload: `PGD-20, ${n} MNIST images, CNN c16-c32-d10`, engine: 'Keel (host loop, 1 gradient graph)', msPerStep: (keelS * 1000) / 20, samplesPerS: n / keelS, note: `${keelS.toFixed(1)} s; ${r.success.reduce((s, v) => s + v, 0)} broken` }];
const py = peer('/usr/bin/python3', ['bench/attack_pgd_torch.py', String(n)], { OPENBLAS_CORETYPE: 'Haswell', OMP_WAIT_POLICY: 'PASSIVE' });
const torchS = Number(py.lines[0]?.['seconds'] ?? NaN);
rows.push(py.error ? { workload: '–', engine: 'PyTorch', note: `not run: ${py.error}` } : { workload: `PGD-20, ${n} MNIST images, CNN c16-c32-d10`, engine: String(py.lines[0]?.['engine']), msPerStep: (torchS * 1000) / 20, samplesPerS: n / torchS, note: `${torchS.toFixed(1)} s` });
report('attack-pgd', rows, { 'Keel/PyTorch speed (target ≥ 1.0)': torchS / keelS });
