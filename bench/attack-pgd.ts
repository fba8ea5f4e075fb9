/**
 * bench/attack-pgd: PGD-20 (L∞, ε = 0.1, α = 0.01, random start) over N MNIST test images
 * (default 10,000), Keel vs the same loop in PyTorch, same CNN architecture (random weights in
 * both), batches of 500 (PyTorch) / BATCH rows per runtime call (Keel), 2 threads each. The two
 * engines alternate for ROUNDS rounds (default 2) and the median is reported, with wall-clock and
 * CPU seconds (the shared machine is busy; CPU time is the steadier number). Env: ROUNDS, BATCH (500),
 * THREADS (2, onnxruntime intra-op threads). Run:
 *   npx tsc -p bench/tsconfig.json && node dist-bench/bench/attack-pgd.js [N]
 */
import { execFileSync } from 'node:child_process';
import { loadMnist } from '../src/datasets/index.js';
import { conv2d, dense, flatten, maxPool2d, Sequential } from '../src/nn/index.js';
import { GraphClassifier, PgdAttack } from '../src/robust/index.js';
import { median, peer, report, type Row } from './harness.js';

const n = Number(process.argv[2] ?? 10000);
const rounds = Number(process.env['ROUNDS'] ?? 2);
const batch = Number(process.env['BATCH'] ?? 500);
const threads = Number(process.env['THREADS'] ?? 2);
const { test } = loadMnist({ shape: 'image', testLimit: n });
const net = new Sequential([conv2d(16, 3, { padding: 'same', activation: 'relu' }), maxPool2d(2), conv2d(32, 3, { padding: 'same', activation: 'relu' }), maxPool2d(2), flatten(), dense(10)], { seed: 0 });
const model = GraphClassifier.create(net.graph({ inputShape: ['N', 1, 28, 28] }), { batchSize: batch, session: { threads } });
const pgd = new PgdAttack(model, { steps: 20, stepSize: 0.01 });
const warm = { dtype: test.x.dtype, shape: [500, 1, 28, 28], data: test.x.data.slice(0, 500 * 784) } as typeof test.x;
await pgd.perturb(warm, { ...test.y, shape: [500], data: test.y.data.slice(0, 500) }, { eps: 0.1 });
const load = (): string => execFileSync('uptime', { encoding: 'utf8' }).trim().replace(/.*load average: /, '');

const keel: { wall: number; cpu: number }[] = [];
const torch: { wall: number; cpu: number }[] = [];
let engine = 'PyTorch';
let broken = 0;
let torchError: string | undefined;
const loads: string[] = [load()];
for (let r = 0; r < rounds; r++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const res = await pgd.perturb(test.x, test.y, { eps: 0.1, seed: 1 });
  const cpu = process.cpuUsage(c0);
  keel.push({ wall: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 });
  broken = res.success.reduce((s, v) => s + v, 0);
  const py = peer('/usr/bin/python3', ['bench/attack_pgd_torch.py', String(n)], { OPENBLAS_CORETYPE: 'Haswell', OMP_WAIT_POLICY: 'PASSIVE' });
  if (py.error) torchError = py.error;
  else {
    torch.push({ wall: Number(py.lines[0]?.['seconds']), cpu: Number(py.lines[0]?.['cpu_seconds']) });
    engine = String(py.lines[0]?.['engine']);
  }
  loads.push(load());
  process.stdout.write(`round ${r + 1}: Keel ${keel.at(-1)!.wall.toFixed(1)} s (cpu ${keel.at(-1)!.cpu.toFixed(1)} s), ${engine} ${torch.at(-1)?.wall.toFixed(1) ?? '–'} s (cpu ${torch.at(-1)?.cpu.toFixed(1) ?? '–'} s), load ${loads.at(-1)}\n`);
}
await model.release();
const kw = median(keel.map((k) => k.wall));
const kc = median(keel.map((k) => k.cpu));
const tw = median(torch.map((k) => k.wall));
const tc = median(torch.map((k) => k.cpu));
const workload = `PGD-20, ${n} MNIST test images, CNN c16-c32-d10`;
const rows: Row[] = [{ workload, engine: `Keel (host loop, 1 gradient graph, ${batch} rows/call, ${threads} threads)`, msPerStep: (kw * 1000) / 20, samplesPerS: n / kw, note: `median of ${rounds}: ${kw.toFixed(1)} s wall, ${kc.toFixed(1)} CPU-s; ${broken} broken` }];
rows.push(torchError ? { workload, engine: 'PyTorch', note: `not run: ${torchError}` } : { workload, engine, msPerStep: (tw * 1000) / 20, samplesPerS: n / tw, note: `median of ${rounds}: ${tw.toFixed(1)} s wall, ${tc.toFixed(1)} CPU-s` });
report('attack-pgd', rows, { 'Keel/PyTorch speed, wall (target ≥ 1.0)': tw / kw, 'Keel/PyTorch speed, CPU time': tc / kc, rounds: { keel, torch }, loadAverages: loads });
