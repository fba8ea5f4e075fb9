/**
 * bench/train-mnist: Keel's `mlp` and `cnn` presets trained on the full bundled MNIST (60,000
 * training digits, 10,000 test digits) beside PyTorch training the same architectures with the
 * same optimizer, learning rate, batch size and epochs, in the same run on the same cores.
 * Recipe (both engines, what a PyTorch user would do): Adam at a peak rate of 1e-3 with one epoch of
 * linear warmup and cosine decay to 0 over the run (stepped per optimizer step); the CNN also sees
 * random shifts of up to 2 pixels (zero fill) on the fly. The test set is only scored, never used
 * for choosing anything: the reported accuracy is the last epoch's.
 * Run: npx tsc -p bench/tsconfig.json && node dist-bench/bench/train-mnist.js [mlpEpochs] [cnnEpochs] [keel-mlp,torch-mlp,keel-cnn,torch-cnn] [seed]
 * Prints a table; writes bench/results/train-mnist.json (seed 0) or train-mnist-seedS.json (a repeat with Keel seed S).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadMnist } from '../src/datasets/index.js';
import { modelFromSpec } from '../src/nn/index.js';
import { cosineWarmup, fit, randomShift, type Callback } from '../src/train/index.js';
import { peer, report, ROOT, type Row } from './harness.js';

interface Curve {
  readonly engine: string;
  readonly model: string;
  readonly points: { epoch: number; testAccuracy: number; wallS: number }[];
}

async function keel(which: 'mlp' | 'cnn', epochs: number, batch: number, seed: number): Promise<Curve> {
  const { train, test } = loadMnist({ shape: 'image' });
  const model = modelFromSpec(which, { outputs: 10, seed });
  const points: Curve['points'] = [];
  const t0 = performance.now();
  const log: Callback = {
    name: 'bench',
    onEpochEnd: (epoch, logs) => {
      points.push({ epoch, testAccuracy: logs['val_accuracy'] ?? NaN, wallS: (performance.now() - t0) / 1000 });
      process.stderr.write(`keel ${which} epoch ${epoch}: test accuracy ${(logs['val_accuracy'] ?? NaN).toFixed(4)} at ${((performance.now() - t0) / 1000).toFixed(1)}s\n`);
    },
  };
  // The test set is scored after every epoch as validation data (no early stopping, no tuning on it).
  const augment = which === 'cnn' ? [randomShift(2)] : [];
  await fit(model, train.x, train.y, { epochs, batchSize: batch, lr: 1e-3, optimizer: 'adam', schedule: cosineWarmup({ warmupEpochs: 1 }), augment, seed, validationData: test, trainEvalRows: 1000, callbacks: [log] });
  return { engine: 'Keel', model: which, points };
}

function torch(which: 'mlp' | 'cnn', epochs: number, batch: number, seed: number): Curve | string {
  const r = peer('/usr/bin/python3', ['bench/train_mnist.py', which, String(epochs), String(batch), String(seed)], { OPENBLAS_CORETYPE: 'Haswell', OMP_WAIT_POLICY: 'PASSIVE' }, 1_800_000);
  if (r.error) return r.error;
  return { engine: `PyTorch ${typeof r.lines[0]?.['torch'] === 'string' ? r.lines[0]['torch'] : ''}`, model: which, points: r.lines.map((l) => ({ epoch: Number(l['epoch']), testAccuracy: Number(l['test_accuracy']), wallS: Number(l['wall_s']) })) };
}

function summarize(c: Curve, target: number): Row & { epochsToTarget: number | null; final: number; wallS: number } {
  const hit = c.points.find((p) => p.testAccuracy >= target);
  const last = c.points[c.points.length - 1]!;
  return {
    workload: `MNIST ${c.model} (target ${(target * 100).toFixed(1)}%)`,
    engine: c.engine,
    epochsToTarget: hit?.epoch ?? null,
    final: last.testAccuracy,
    wallS: last.wallS,
    note: `${hit ? `≥ target at epoch ${hit.epoch} (${hit.wallS.toFixed(0)} s)` : 'target not reached'}; final ${(last.testAccuracy * 100).toFixed(2)}% after ${last.epoch} epochs, ${last.wallS.toFixed(0)} s`,
  };
}

const mlpEpochs = Number(process.argv[2] ?? 12);
const cnnEpochs = Number(process.argv[3] ?? 8);
/** Which of keel-mlp, torch-mlp, keel-cnn, torch-cnn to run (default all). */
const only = new Set((process.argv[4] ?? 'keel-mlp,torch-mlp,keel-cnn,torch-cnn').split(','));
const seed = Number(process.argv[5] ?? 0);
const curves: Curve[] = [];
const rows: ReturnType<typeof summarize>[] = [];
const print = (r: ReturnType<typeof summarize>): void => {
  rows.push(r);
  process.stdout.write(`| ${r.workload} | ${r.engine} | ${r.epochsToTarget ?? '–'} | ${(r.final * 100).toFixed(2)}% | ${r.wallS.toFixed(0)} |\n`);
};
process.stdout.write('\n| workload | engine | epochs to target | final test accuracy | wall time (s) |\n|---|---|---|---|---|\n');
for (const [which, epochs, batch, target] of [['mlp', mlpEpochs, 128, 0.98], ['cnn', cnnEpochs, 64, 0.99]] as const) {
  if (only.has(`keel-${which}`)) {
    const k = await keel(which, epochs, batch, seed);
    curves.push(k);
    print(summarize(k, target));
  }
  if (only.has(`torch-${which}`)) {
    const t = torch(which, epochs, batch, seed);
    if (typeof t === 'string') print({ workload: `MNIST ${which}`, engine: 'PyTorch', epochsToTarget: null, final: NaN, wallS: NaN, note: `not run: ${t}` });
    else {
      curves.push(t);
      print(summarize(t, target));
    }
  }
}
report(seed === 0 ? 'train-mnist' : `train-mnist-seed${seed}`, rows, { recipe: 'Adam 1e-3 peak, 1 epoch linear warmup + per-step cosine decay to 0; CNN: random shift ±2 px; last-epoch test accuracy', curves, machine: 'shared 2-core AMD EPYC, shared with other workers during the run' });
if (seed === 0) writeFileSync(join(ROOT, 'bench/results/train-mnist-curves.json'), JSON.stringify(curves, null, 2));
