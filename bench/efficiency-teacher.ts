// The MNIST teacher CNN that the efficiency benches compress: trained once on the full 60 000-row
// train set and cached as bench/results/efficiency-teacher.onnx (gitignored); a fresh clone trains
// it on first use. TEACHER_ONNX=path uses another file; TEACHER_RETRAIN=1 ignores the cache.
// Run directly (`node dist-bench/bench/efficiency-teacher.js`) to train and cache it alone.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HostTensor } from '../src/core/index.js';
import { loadMnist } from '../src/datasets/index.js';
import { predictAll, trainGraph } from '../src/efficiency/index.js';
import type { Graph } from '../src/ir/index.js';
import { conv2d, dense, flatten, maxPool2d, Sequential } from '../src/nn/index.js';
import { exportModel, loadOnnx } from '../src/onnx/index.js';
import { accuracy, cosineWarmup } from '../src/train/index.js';
import { ROOT } from './harness.js';

/** How the teacher is trained (also written into the bench results). */
export const TEACHER_RECIPE = {
  model: 'conv32-pool-conv64-pool-dense128-dense10 (3×3, same padding, ReLU), seed 1',
  rows: 60000,
  epochs: Number(process.env['TEACHER_EPOCHS'] ?? 3),
  batchSize: 64,
  optimizer: 'Adam',
  lr: 1e-3,
  schedule: 'linear warmup 0.25 epoch, per-step cosine decay to 0',
} as const;

/** The teacher architecture (the student and the pruned models start from it). */
export function teacherCnn(): Graph {
  const layers = [conv2d(32, 3, { padding: 'same', activation: 'relu' }), maxPool2d(2), conv2d(64, 3, { padding: 'same', activation: 'relu' }), maxPool2d(2), flatten(), dense(128, { activation: 'relu' }), dense(10)];
  return new Sequential(layers, { seed: 1 }).graph({ inputShape: ['N', 1, 28, 28] });
}

/** Where the trained teacher is cached. */
export const TEACHER_FILE = process.env['TEACHER_ONNX'] ?? join(ROOT, 'bench/results/efficiency-teacher.onnx');

/** The trained teacher, from the cache or trained now on (x, y) = the full MNIST train set. */
export async function loadTeacher(x: HostTensor, y: HostTensor, test: { x: HostTensor; y: HostTensor }): Promise<{ graph: Graph; source: string; trainSeconds?: number }> {
  if (existsSync(TEACHER_FILE) && process.env['TEACHER_RETRAIN'] !== '1') return { graph: (await loadOnnx(TEACHER_FILE)).graph, source: `cached ${TEACHER_FILE}` };
  const graph = teacherCnn();
  const t0 = performance.now();
  await trainGraph(graph, x, y, {
    epochs: TEACHER_RECIPE.epochs, lr: TEACHER_RECIPE.lr, batchSize: TEACHER_RECIPE.batchSize, schedule: cosineWarmup({ warmupEpochs: 0.25 }),
    onEpoch: (e, l) => void process.stdout.write(`teacher epoch ${e}: loss ${l.toFixed(4)} (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`),
  });
  const trainSeconds = (performance.now() - t0) / 1000;
  const acc = accuracy(await predictAll(graph, test.x), test.y);
  process.stdout.write(`teacher: test accuracy ${(100 * acc).toFixed(2)}% after ${trainSeconds.toFixed(0)} s\n`);
  writeFileSync(TEACHER_FILE, exportModel(graph));
  return { graph, source: `trained here in ${trainSeconds.toFixed(0)} s, cached to ${TEACHER_FILE}`, trainSeconds };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const m = loadMnist({ shape: 'image' });
  await loadTeacher(m.train.x, m.train.y, m.test);
}
