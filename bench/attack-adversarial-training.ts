/**
 * bench/attack-adversarial-training: PGD-AT on MNIST with the attack compiled into the training
 * graph, then PGD-40 (restarts) at ε = 0.1/0.2/0.3, the AutoAttack-style ensemble, and Square
 * (black-box) vs PGD on both the clean-trained and the adversarially trained CNN.
 * Run: npx tsc -p bench/tsconfig.json && node dist-bench/bench/attack-adversarial-training.js
 * Env: TRAIN_LIMIT (60000), AT_EPOCHS (2), AT_STEPS (7), CLEAN_EPOCHS (1), EVAL (1000), AA_EVAL (500), SQUARE_QUERIES (2000).
 */
import { Rng, type HostTensor } from '../src/core/index.js';
import { loadMnist } from '../src/datasets/index.js';
import { conv2d, dense, flatten, maxPool2d, Sequential, softmaxCrossEntropy } from '../src/nn/index.js';
import { Adam } from '../src/optim/index.js';
import { TrainStep } from '../src/runtime/index.js';
import { trainEpoch } from '../src/train/index.js';
import { GraphClassifier, PgdAttack, SquareAttack, adversarialObjective, argmax, blackBox, standardEnsemble, type Attack } from '../src/robust/index.js';
import { report, type Row } from './harness.js';

const env = (k: string, d: number): number => Number(process.env[k] ?? d);
const { train, test } = loadMnist({ shape: 'image', trainLimit: env('TRAIN_LIMIT', 60000) });
const evalN = env('EVAL', 1000);
const head = (t: HostTensor, n: number): HostTensor => ({ dtype: t.dtype, shape: [n, ...t.shape.slice(1)], data: t.data.slice(0, (t.data.length / t.shape[0]!) * n) });
const ex = head(test.x, evalN);
const ey = head(test.y, evalN);
const model = new Sequential([conv2d(32, 3, { padding: 'same', activation: 'relu' }), maxPool2d(2), conv2d(64, 3, { padding: 'same', activation: 'relu' }), maxPool2d(2), flatten(), dense(128, { activation: 'relu' }), dense(10)], { seed: 1 });
const rng = new Rng(0);
const log = (s: string): void => void process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`);

async function train_(objective: ReturnType<typeof adversarialObjective> | undefined, epochs: number, lr: (e: number) => number): Promise<void> {
  const step = await TrainStep.compile({ model: model.graph({ inputShape: ['N', 1, 28, 28], training: true }), loss: softmaxCrossEntropy, target: { dtype: 'int64', shape: ['N'] }, optimizer: new Adam(), ...(objective ? { objective } : {}) });
  for (let e = 0; e < epochs; e++) {
    const t0 = performance.now();
    const loss = await trainEpoch(step, train.x, train.y, { batchSize: 128, shuffle: true, lr: () => lr(e), rng, stepsPerCall: 8 });
    log(`${objective ? 'PGD-AT' : 'clean'} epoch ${e + 1}/${epochs}: loss ${loss.toFixed(4)} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  model.setWeights(step.weights());
  await step.release();
}

function acc(pred: Int32Array, y: HostTensor): number {
  let ok = 0;
  pred.forEach((p, i) => (ok += p === Number(y.data[i]) ? 1 : 0));
  return ok / pred.length;
}

async function robust(attack: Attack, eps: number, x = ex, y = ey): Promise<number> {
  const t0 = performance.now();
  const r = await attack.perturb(x, y, { eps, norm: 'linf', clip: [0, 1], seed: 1 });
  log(`  ${attack.name} ε=${eps}: ${acc(r.predictions, y).toFixed(4)} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  return acc(r.predictions, y);
}

const rows: Row[] = [];
const extra: Record<string, unknown> = {};
const squareQueries = env('SQUARE_QUERIES', 2000);

await train_(undefined, env('CLEAN_EPOCHS', 1), () => 1e-3);
{
  const m = GraphClassifier.create(model.graph({ inputShape: ['N', 1, 28, 28] }));
  const clean = acc(argmax(await m.logits(test.x.data, 10000), 10), test.y);
  const pgd = await robust(new PgdAttack(m, { steps: 40, stepSize: 0.01, restarts: 1 }), 0.1);
  const sq = await robust(new SquareAttack(blackBox(m), { queries: squareQueries }), 0.1);
  Object.assign(extra, { cleanModel: { clean, pgd40: pgd, square: sq, squareMinusPgd: sq - pgd } });
  rows.push({ workload: `clean-trained CNN, ε=0.1, ${evalN} test images`, engine: 'Keel', note: `clean ${clean.toFixed(4)}, PGD-40 ${pgd.toFixed(4)}, Square(${squareQueries}) ${sq.toFixed(4)}` });
  await m.release();
}

const atSteps = env('AT_STEPS', 7);
const atEpochs = env('AT_EPOCHS', 2);
const t0 = performance.now();
await train_(adversarialObjective({ method: 'pgd', eps: 0.1, steps: atSteps, stepSize: 0.025 }), atEpochs, (e) => (e + 1 < atEpochs ? 1e-3 : 3e-4));
extra['atTrainSeconds'] = (performance.now() - t0) / 1000;
{
  const m = GraphClassifier.create(model.graph({ inputShape: ['N', 1, 28, 28] }));
  const clean = acc(argmax(await m.logits(test.x.data, 10000), 10), test.y);
  log(`PGD-AT clean accuracy (10k): ${clean.toFixed(4)}`);
  const res: Record<string, number> = { clean };
  for (const eps of [0.1, 0.2, 0.3]) res[`pgd40_eps${eps}`] = await robust(new PgdAttack(m, { steps: 40, stepSize: eps / 10, restarts: 3 }), eps);
  const aaN = env('AA_EVAL', 500);
  res['autoattack_eps0.1'] = await robust(standardEnsemble(m, { steps: 50 }), 0.1, head(ex, aaN), head(ey, aaN));
  res['pgd40_eps0.1_same_rows_as_aa'] = await robust(new PgdAttack(m, { steps: 40, stepSize: 0.01, restarts: 3 }), 0.1, head(ex, aaN), head(ey, aaN));
  res['square_eps0.1'] = await robust(new SquareAttack(blackBox(m), { queries: squareQueries }), 0.1);
  Object.assign(extra, { adversariallyTrained: res });
  rows.push({ workload: `PGD-AT (${atEpochs} epochs, ${atSteps} steps), ${evalN} test images`, engine: 'Keel', note: Object.entries(res).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ') });
  await m.release();
}
report('attack-adversarial-training', rows, extra);
