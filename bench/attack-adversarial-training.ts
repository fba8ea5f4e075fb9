/**
 * bench/attack-adversarial-training: PGD-AT (or TRADES) on MNIST with the attack compiled into the
 * training graph, warm-started from a clean-trained CNN; then PGD-40 (3 restarts) at ε = 0.1/0.2/0.3,
 * the AutoAttack-style ensemble (per-example worst case), and Square (black-box) vs PGD on both the
 * adversarially trained and the clean-trained CNN. Writes bench/results/attack-adversarial-training.json
 * after every stage (so an interrupted run still leaves its numbers) and the two models as ONNX under
 * dist-bench/ for re-evaluation.
 * Run: npx tsc -p bench/tsconfig.json && node dist-bench/bench/attack-adversarial-training.js
 * Env: TRAIN_LIMIT (60000), CLEAN_EPOCHS (1), AT_METHOD (pgd), AT_EPS (0.15), AT_STEPS (7), AT_EPOCHS (2),
 *      EVAL (1000), AA_EVAL (500), AA_STEPS (50), SQUARE_EVAL (300), SQUARE_QUERIES (2000),
 *      ONLY_CLEAN (unset: 1 = train and evaluate the clean model only), EVAL_MODEL (unset: an .onnx saved by an earlier
 *      run to evaluate without training), RESULT_NAME (attack-adversarial-training).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng, type HostTensor } from '../src/core/index.js';
import { loadMnist } from '../src/datasets/index.js';
import { conv2d, dense, flatten, maxPool2d, Sequential, softmaxCrossEntropy } from '../src/nn/index.js';
import { exportModel, loadOnnx } from '../src/onnx/index.js';
import { Adam } from '../src/optim/index.js';
import { TrainStep } from '../src/runtime/index.js';
import { trainEpoch } from '../src/train/index.js';
import { GraphClassifier, PgdAttack, SquareAttack, adversarialObjective, argmax, blackBox, standardEnsemble, type Attack } from '../src/robust/index.js';
import { ROOT, report, type Row } from './harness.js';

const env = (k: string, d: number): number => Number(process.env[k] ?? d);
const { train, test } = loadMnist({ shape: 'image', trainLimit: env('TRAIN_LIMIT', 60000) });
const head = (t: HostTensor, n: number): HostTensor => ({ dtype: t.dtype, shape: [n, ...t.shape.slice(1)], data: t.data.slice(0, (t.data.length / t.shape[0]!) * n) });
const evalN = env('EVAL', 1000);
const ex = head(test.x, evalN);
const ey = head(test.y, evalN);
const model = new Sequential([conv2d(32, 3, { padding: 'same', activation: 'relu' }), maxPool2d(2), conv2d(64, 3, { padding: 'same', activation: 'relu' }), maxPool2d(2), flatten(), dense(128, { activation: 'relu' }), dense(10)], { seed: 1 });
const rng = new Rng(0);
const log = (s: string): void => void process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${s}\n`);
const rows: Row[] = [];
const extra: Record<string, unknown> = {};
const save = (): void => { report(process.env['RESULT_NAME'] ?? 'attack-adversarial-training', rows, extra); };
const classifier = (): GraphClassifier => GraphClassifier.create(model.graph({ inputShape: ['N', 1, 28, 28] }), { batchSize: 100 });

function acc(pred: Int32Array, y: HostTensor, n = pred.length): number {
  let ok = 0;
  for (let i = 0; i < n; i++) ok += pred[i] === Number(y.data[i]) ? 1 : 0;
  return ok / n;
}

async function quickCheck(tag: string): Promise<Record<string, number>> {
  const m = classifier();
  const clean = acc(argmax(await m.logits(head(test.x, 2000).data as Float32Array, 2000), 10), test.y);
  const r = await new PgdAttack(m, { steps: 10 }).perturb(head(test.x, 500), head(test.y, 500), { eps: 0.1, seed: 2 });
  await m.release();
  const out = { clean2000: clean, pgd10_eps01_500: acc(r.predictions, test.y) };
  log(`  ${tag}: clean(2000) ${clean.toFixed(4)}, PGD-10 ε=0.1 (500) ${out.pgd10_eps01_500.toFixed(4)}`);
  return out;
}

async function fitModel(objective: ReturnType<typeof adversarialObjective> | undefined, epochs: number, lr: (epoch: number, frac: number) => number, tag: string): Promise<void> {
  const step = await TrainStep.compile({ model: model.graph({ inputShape: ['N', 1, 28, 28], training: true }), loss: softmaxCrossEntropy, target: { dtype: 'int64', shape: ['N'] }, optimizer: new Adam(), ...(objective ? { objective } : {}) });
  const perEpoch = Math.ceil(train.x.shape[0]! / 128);
  const curve: Record<string, number>[] = [];
  for (let e = 0; e < epochs; e++) {
    const t0 = performance.now();
    const first = step.steps;
    const loss = await trainEpoch(step, train.x, train.y, { batchSize: 128, shuffle: true, lr: (s) => lr(e, (s - first) / perEpoch), rng, stepsPerCall: 8 });
    const sec = (performance.now() - t0) / 1000;
    log(`${tag} epoch ${e + 1}/${epochs}: loss ${loss.toFixed(4)} (${sec.toFixed(0)} s)`);
    model.setWeights(step.weights());
    writeFileSync(join(ROOT, `dist-bench/${tag}-epoch${e + 1}.onnx`), exportModel(model.graph({ inputShape: ['N', 1, 28, 28] })));
    curve.push({ epoch: e + 1, loss, seconds: sec, ...(await quickCheck(tag)) });
    extra[`${tag}Curve`] = curve;
    save();
  }
  await step.release();
}

async function robust(attack: Attack, eps: number, x = ex, y = ey): Promise<Int32Array> {
  const t0 = performance.now();
  const r = await attack.perturb(x, y, { eps, norm: 'linf', clip: [0, 1], seed: 1 });
  log(`  ${attack.name} ε=${eps} (${x.shape[0]} rows): ${acc(r.predictions, y).toFixed(4)} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  return r.predictions;
}

/** PGD-40 (3 restarts) vs Square on the first SQUARE_EVAL rows, and the optional ε sweep / ensemble. */
async function evaluate(tag: string, full: boolean): Promise<Record<string, number>> {
  const m = classifier();
  const res: Record<string, number> = { clean: acc(argmax(await m.logits(test.x.data, 10000), 10), test.y) };
  log(`${tag}: clean accuracy (10,000) ${res['clean']!.toFixed(4)}`);
  const sqN = env('SQUARE_EVAL', 300);
  for (const eps of full ? [0.1, 0.2, 0.3] : [0.1]) {
    const pred = await robust(new PgdAttack(m, { steps: 40, stepSize: eps / 10, restarts: 3 }), eps);
    res[`pgd40x3_eps${eps}`] = acc(pred, ey);
    if (eps === 0.1) res['pgd40x3_eps0.1_squareRows'] = acc(pred, ey, sqN);
    extra[tag] = res;
    save();
  }
  if (full) {
    const aaN = env('AA_EVAL', 500);
    res['autoattack_eps0.1'] = acc(await robust(standardEnsemble(m, { steps: env('AA_STEPS', 50) }), 0.1, head(ex, aaN), head(ey, aaN)), head(ey, aaN));
    extra[tag] = res;
    save();
  }
  const q = env('SQUARE_QUERIES', 2000);
  res[`square${q}_eps0.1`] = acc(await robust(new SquareAttack(blackBox(m), { queries: q }), 0.1, head(ex, sqN), head(ey, sqN)), head(ey, sqN));
  res['squareMinusPgd'] = res[`square${q}_eps0.1`]! - res['pgd40x3_eps0.1_squareRows']!;
  extra[tag] = res;
  await m.release();
  writeFileSync(join(ROOT, `dist-bench/${tag}.onnx`), exportModel(model.graph({ inputShape: ['N', 1, 28, 28] })));
  return res;
}

const method = (process.env['AT_METHOD'] ?? 'pgd') as 'pgd' | 'trades';
const atEps = env('AT_EPS', 0.15);
const atSteps = env('AT_STEPS', 7);
const atEpochs = env('AT_EPOCHS', 2);
Object.assign(extra, { recipe: { model: 'conv32-pool-conv64-pool-fc128-fc10', warmStart: `${env('CLEAN_EPOCHS', 1)} clean epochs, Adam 1e-3`, method, epsTrain: atEps, steps: atSteps, stepSize: (2.5 * atEps) / atSteps, epochs: atEpochs, optimizer: 'Adam, 1e-3, last epoch cosine to 1e-5', batch: 128, randomStart: 'hashed (no RNG op in the graph)' } });

if (process.env['EVAL_MODEL']) {
  // Re-evaluate a saved model (e.g. dist-bench/adversariallyTrained-epoch1.onnx) without training.
  const { graph } = await loadOnnx(process.env['EVAL_MODEL']);
  model.setWeights(new Map(graph.initializers.map((v) => [v.name, v.known!])));
  const res = await evaluate('adversariallyTrained', true);
  rows.push({ workload: `${process.env['EVAL_MODEL']}, ${evalN} test images`, engine: 'Keel', note: Object.entries(res).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ') });
  save();
  process.exit(0);
}
await fitModel(undefined, env('CLEAN_EPOCHS', 1), () => 1e-3, 'clean');
const cleanWeights = new Map([...model.params].map(([k, v]) => [k, { ...v, data: v.data.slice() }]));

if (process.env['ONLY_CLEAN']) {
  // Clean-model stage on its own (e.g. in parallel with a long adversarial-training run).
  const cl = await evaluate('cleanModel', false);
  rows.push({ workload: `clean-trained CNN, ε=0.1, ${evalN} test images`, engine: 'Keel', note: Object.entries(cl).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ') });
  save();
  process.exit(0);
}
const t0 = performance.now();
const lastLr = (e: number, f: number): number => (e + 1 < atEpochs ? 1e-3 : 1e-5 + 0.5 * (1e-3 - 1e-5) * (1 + Math.cos(Math.PI * Math.min(1, f))));
await fitModel(adversarialObjective({ method, eps: atEps, steps: atSteps }), atEpochs, lastLr, 'adversariallyTrained');
extra['atTrainSeconds'] = (performance.now() - t0) / 1000;
const at = await evaluate('adversariallyTrained', true);
rows.push({ workload: `${method.toUpperCase()}-AT ε=${atEps} (${atEpochs} epochs, ${atSteps} steps), ${evalN} test images`, engine: 'Keel', note: Object.entries(at).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ') });
save();

model.setWeights(cleanWeights);
const cl = await evaluate('cleanModel', false);
rows.push({ workload: `clean-trained CNN, ε=0.1, ${evalN} test images`, engine: 'Keel', note: Object.entries(cl).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(', ') });
save();
