/**
 * A new user's first program, compiled under `tsc --strict` and run against the packed tarball
 * installed in an empty project (see .ci/package-check.sh): an MLP on iris, evaluated, saved and
 * reloaded; integrated gradients and PGD on the reloaded model; a 20-trial study in SQLite; a
 * MetricFrame on plain arrays. Every claim is checked; a failed one exits non-zero.
 */
import { readFileSync } from 'node:fs';
import { Model, Sequential, dense, fit, tensor } from 'keel';
import { IntegratedGradients } from 'keel/explain';
import { PgdAttack } from 'keel/robust';
import { createStudy, TpeSampler } from 'keel/tune';
import { MetricFrame, accuracyScore } from 'keel/fairness';

const failures: string[] = [];
function check(ok: boolean, what: string): void {
  if (!ok) failures.push(what);
}

// Iris (scikit-learn's copy): a header line, then 4 features and the class index per row.
const rows = readFileSync('iris.csv', 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
const order = rows.map((_, i) => i).sort((a, b) => ((a * 7919) % 150) - ((b * 7919) % 150));
const mean = [0, 1, 2, 3].map((j) => rows.reduce((s, r) => s + r[j]!, 0) / rows.length);
const sd = [0, 1, 2, 3].map((j) => Math.sqrt(rows.reduce((s, r) => s + (r[j]! - mean[j]!) ** 2, 0) / rows.length));
const features = (i: number): number[] => [0, 1, 2, 3].map((j) => (rows[i]![j]! - mean[j]!) / sd[j]!);
const trainIdx = order.slice(0, 120);
const testIdx = order.slice(120);
const xTrain = tensor('float32', [120, 4], trainIdx.flatMap(features));
const yTrain = tensor('int64', [120], trainIdx.map((i) => rows[i]![4]!));
const xTest: number[][] = testIdx.map(features); // plain numbers, as a user has them
const yTest: number[] = testIdx.map((i) => rows[i]![4]!);

// Fit, evaluate, save, reload.
const net = new Sequential([dense(16, { activation: 'relu' }), dense(3)], { seed: 0 });
const { model } = await fit(net, xTrain, yTrain, { epochs: 60, batchSize: 16, optimizer: 'adam', lr: 0.01, seed: 0, model: { onNote: () => undefined } });
const evaluation = await model.evaluate(xTest, yTest);
check((evaluation.accuracy ?? 0) >= 0.9, `iris test accuracy ${evaluation.accuracy} < 0.9`);
await model.save('iris.onnx');
const reloaded = await Model.load('iris.onnx', { onNote: () => undefined });
const before = await model.predict(xTest);
const after = await reloaded.predict(xTest);
check(before.data.every((v, i) => v === after.data[i]), 'the reloaded model predicts differently');

// Integrated gradients: attributions add up to the change of the target logit (completeness):
// the summed convergence delta is under 1% of the summed |f(x) − f(0)| of the target logits.
const ig = await new IntegratedGradients(reloaded, { steps: 64 }).attribute(xTest, { target: yTest, baselines: 'zero' });
check(ig.attributions.shape.join() === '30,4', `attributions shape ${ig.attributions.shape.join()}`);
const atZero = await reloaded.predict(tensor('float32', [30, 4]));
const gap = yTest.reduce((s, c, i) => s + Math.abs(Number(after.data[i * 3 + c]) - Number(atZero.data[i * 3 + c])), 0);
let deltaSum = 0;
for (const d of ig.delta ?? [Infinity]) deltaSum += d;
const worstDelta = deltaSum / gap;
check(worstDelta < 0.01, `integrated gradients: summed delta is ${worstDelta} of the summed output change (≥ 1%)`);

// PGD on the reloaded model lowers accuracy.
const xt = tensor('float32', [30, 4], xTest.flat());
const yt = tensor('int64', [30], yTest);
const attack = await new PgdAttack(reloaded, { steps: 20 }).perturb(xt, yt, { eps: 0.5, norm: 'linf', clip: [-4, 4], seed: 0 });
const robust = attack.predictions.filter((p, i) => p === yTest[i]).length / 30;
check(robust < (evaluation.accuracy ?? 0), `PGD accuracy ${robust} is not below clean ${evaluation.accuracy}`);

// A 20-trial study stored in SQLite: width and learning rate by validation accuracy.
const study = await createStudy({ direction: 'maximize', sampler: new TpeSampler({ seed: 0 }), storage: 'sqlite:study.db', studyName: 'iris' });
await study.optimize(async (trial) => {
  const width = trial.suggestInt('width', 2, 32, { log: true });
  const lr = trial.suggestFloat('lr', 1e-3, 1e-1, { log: true });
  const candidate = new Sequential([dense(width, { activation: 'relu' }), dense(3)], { seed: trial.number });
  await fit(candidate, xTrain, yTrain, { epochs: 15, batchSize: 32, optimizer: 'adam', lr, seed: 0 });
  const m = Model.fromNetwork(candidate, { inputShape: ['N', 4], onNote: () => undefined });
  const { accuracy } = await m.evaluate(xTest, yTest);
  await m.release();
  return accuracy ?? 0;
}, { nTrials: 20 });
const trials = await study.getTrials();
check(trials.length === 20 && trials.every((t) => t.state === 'COMPLETE'), `study: ${trials.length} trials, states ${[...new Set(trials.map((t) => t.state))].join(',')}`);
const best = await study.bestValue();
check(best >= 0.9, `best trial accuracy ${best} < 0.9`);

// MetricFrame on arrays: accuracy by a group of rows (long vs short sepals).
const yPred = Array.from(await reloaded.predictClasses(xTest));
const sepal = testIdx.map((i) => (rows[i]![0]! >= 5.8 ? 'long' : 'short'));
const frame = new MetricFrame({ metrics: { accuracy: accuracyScore }, yTrue: yTest, yPred, sensitiveFeatures: sepal });
check(frame.byGroup.length === 2, `MetricFrame groups: ${frame.byGroup.map((g) => g.group.label).join(',')}`);
check(Math.abs((frame.overall['accuracy'] ?? NaN) - (evaluation.accuracy ?? NaN)) < 1e-12, 'MetricFrame overall accuracy differs from evaluate');

console.log(JSON.stringify({ accuracy: evaluation.accuracy, igDeltaRelative: worstDelta, pgdAccuracy: robust, bestTrial: best, groups: frame.byGroup.map((g) => [g.group.label, g.values['accuracy']]) }));
await Promise.all([model.release(), reloaded.release()]);
if (failures.length > 0) {
  console.error(`user program: ${failures.length} check(s) failed:\n  ${failures.join('\n  ')}`);
  process.exitCode = 1;
}
