import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HostTensor } from '../../src/core/index.js';
import { writeNpy } from '../../src/io/index.js';
import { loadOnnx } from '../../src/onnx/index.js';
import { Session } from '../../src/runtime/index.js';
import { argmaxRows } from '../../src/train/index.js';
import { loadDataset, readCsv } from '../../src/data/index.js';
import { keel } from '../cli/run-cli.js';

/** Real data: 1000 rows of UCI Adult (see test/fixtures/train/README.md); about 900 train / 100 validation rows by default. */
const adult = join(import.meta.dirname, '../fixtures/train/adult-1000.csv');
const tmp = mkdtempSync(join(tmpdir(), 'keel-train-flags-'));
type History = Record<string, number>[];

function train(name: string, ...args: string[]): { dir: string; history: History } {
  const dir = join(tmp, name);
  const r = keel(['train', '--data', adult, '--target', 'income', '--model', 'mlp', '--epochs', '4', '--out', dir, ...args]);
  expect(r.status, r.stderr).toBe(0);
  return { dir, history: JSON.parse(readFileSync(join(dir, 'history.json'), 'utf8')) as History };
}

const json = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
const { val, train: trainPart, rows } = await loadDataset({ data: adult, target: 'income' }, 0.1, 0);
const valSet = val!;

async function predictClasses(model: string, x: HostTensor): Promise<Int32Array> {
  const session = await Session.create((await loadOnnx(model)).graph);
  try {
    const out = await session.run({ input: x });
    return argmaxRows(out[session.outputNames[0]!]!);
  } finally {
    await session.release();
  }
}

/** Recall of class 1 (">50K", about a quarter of the rows) on the validation rows. */
async function positiveRecall(model: string): Promise<{ recall: number; predictedPositive: number }> {
  const pred = await predictClasses(model, valSet.x);
  let tp = 0;
  let pos = 0;
  let predicted = 0;
  pred.forEach((p, i) => {
    const y = Number(valSet.y.data[i]);
    pos += y;
    predicted += p;
    tp += p === 1 && y === 1 ? 1 : 0;
  });
  return { recall: tp / pos, predictedPositive: predicted };
}

describe('keel train flags (Adult CSV, 4 epochs)', () => {
  type Run = ReturnType<typeof train>;
  let plain: Run;
  /** --schedule cosine, also writing the learning curve (checked in its own test). */
  let cosine: Run;
  /** --k-fold 3 with --reduce-lr-on-plateau (checked in its own test). */
  let kfold: Run;
  beforeAll(() => {
    plain = train('plain', '--log-csv', '--save-best', 'val_accuracy');
    cosine = train('cosine', '--schedule', 'cosine', '--batch-size', '64', '--lr', '0.002', '--learning-curve');
    kfold = train('kfold', '--k-fold', '3', '--reduce-lr-on-plateau', '0', '--lr-factor', '0.5', '--lr', '0.02', '--epochs', '6');
  });

  it('--schedule cosine sets the lr column as the schedule says (1 warmup epoch, cosine to 0 per step); --log-csv mirrors history.json', () => {
    const { history } = cosine;
    const spe = Math.ceil(rows.train.length / 64);
    const total = 4 * spe;
    const expected = [1, 2, 3, 4].map((e) => {
      const last = e * spe - 1;
      return last < spe ? (0.002 * (last + 1)) / spe : 0.5 * 0.002 * (1 + Math.cos((Math.PI * (last - spe)) / (total - spe)));
    });
    history.forEach((h, i) => {
      expect(h['lr']).toBeCloseTo(expected[i]!, 12);
    });
    expect(history).toHaveLength(4);
    expect(history[3]!['lr']).toBeLessThan(1e-5);
    expect(plain.history.map((h) => h['lr'])).toEqual([1e-3, 1e-3, 1e-3, 1e-3]);
    const csv = readFileSync(join(plain.dir, 'history.csv'), 'utf8').trim().split('\n');
    const header = csv[0]!.split(',');
    expect(header).toEqual(['epoch', 'loss', 'lr', 'accuracy', 'val_loss', 'val_accuracy']);
    expect(csv.slice(1).map((l) => Number(l.split(',')[header.indexOf('val_loss')]))).toEqual(plain.history.map((h) => h['val_loss']));
  });

  it('--augment noise,mixup changes training (mixed targets raise the training loss) and still learns', () => {
    const { history } = train('augment', '--augment', 'noise,mixup');
    // From the second epoch on: the first epoch's mean loss is dominated by the descent from the shared
    // random initialization (with fit's Rng.derive streams it came out 0.497 vs 0.507), not by the targets.
    for (let e = 1; e < 4; e++) expect(history[e]!['loss']).toBeGreaterThan(plain.history[e]!['loss']!);
    expect(history[3]!['val_accuracy']).toBeGreaterThan(0.75);
  });

  it('--save-best val_accuracy writes best.onnx with the weights of the best validation epoch', async () => {
    const bestAcc = Math.max(...plain.history.map((h) => h['val_accuracy']!));
    const pred = await predictClasses(join(plain.dir, 'best.onnx'), valSet.x);
    const acc = pred.reduce((a, p, i) => a + (p === Number(valSet.y.data[i]) ? 1 : 0), 0) / pred.length;
    expect(acc).toBeCloseTo(bestAcc, 10);
  });

  it('--class-weights auto raises the minority-class recall; a wrong count is a usage error', async () => {
    const before = await positiveRecall(join(plain.dir, 'model.onnx'));
    const auto = train('cw-auto', '--class-weights', 'auto');
    const after = await positiveRecall(join(auto.dir, 'model.onnx'));
    expect(after.recall).toBeGreaterThan(before.recall + 0.1);
    const bad = keel(['train', '--data', adult, '--target', 'income', '--epochs', '1', '--out', join(tmp, 'cw-bad'), '--class-weights', '1,2,3']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--class-weights');
  });

  it('--sample-weights follows the rows through the stratified split (zero weight on every ">50K" row silences that class)', async () => {
    const csv = await readCsv(adult);
    const t = csv.header.indexOf('income');
    const w = Float32Array.from(csv.rows, (r) => (r[t] === '>50K' ? 0 : 1));
    const file = join(tmp, 'weights.npy');
    writeNpy(file, { dtype: 'float32', shape: [w.length], data: w });
    const run = train('sw', '--sample-weights', file, '--class-weights', '1,1', '--lr', '0.005');
    expect((await positiveRecall(join(run.dir, 'model.onnx'))).predictedPositive).toBe(0);
    const short = join(tmp, 'short.npy');
    writeNpy(short, { dtype: 'float32', shape: [10], data: new Float32Array(10) });
    const r = keel(['train', '--data', adult, '--target', 'income', '--epochs', '1', '--out', join(tmp, 'sw-bad'), '--sample-weights', short]);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('WEIGHTS_LENGTH');
    expect(r.stderr).toContain('short.npy');
  });

  it('--k-fold 3 writes cv.json with per-fold metrics and their mean ± std (and still trains the final model)', () => {
    const { dir } = kfold;
    const cv = json(join(dir, 'cv.json')) as { k: number; rows: number; folds: Record<string, number>[]; mean: Record<string, number>; std: Record<string, number>; summary: Record<string, string> };
    expect(cv.k).toBe(3);
    expect(cv.rows).toBe(1000);
    expect(cv.folds.map((f) => f['fold'])).toEqual([1, 2, 3]);
    const acc = cv.folds.map((f) => f['val_accuracy']!);
    const mean = acc.reduce((a, b) => a + b, 0) / 3;
    expect(cv.mean['val_accuracy']).toBeCloseTo(mean, 12);
    expect(cv.std['val_accuracy']).toBeCloseTo(Math.sqrt(acc.reduce((a, v) => a + (v - mean) ** 2, 0) / 3), 12);
    expect(mean).toBeGreaterThan(0.75);
    expect(new Set(acc).size).toBeGreaterThan(1);
    expect(cv.summary['val_accuracy']).toMatch(/^0\.\d{4} ± 0\.\d{4}$/);
    expect(existsSync(join(dir, 'model.onnx'))).toBe(true);
  });

  it('--reduce-lr-on-plateau 0 --lr-factor 0.5 halves lr exactly after each epoch without val_loss improvement', () => {
    const { history } = kfold;
    let best = Infinity;
    let lr = 0.02;
    let reductions = 0;
    for (const h of history) {
      expect(h['lr']).toBeCloseTo(lr, 12);
      if (h['val_loss']! < best - 1e-4) best = h['val_loss']!;
      else {
        lr *= 0.5;
        reductions++;
      }
    }
    expect(reductions).toBeGreaterThan(0);
  });

  it('--loss mse on a numeric CSV column is a regression run: MSE/MAE instead of accuracy, better than predicting the mean', async () => {
    const dir = join(tmp, 'regression');
    const r = keel(['train', '--data', adult, '--target', 'age', '--loss', 'mse', '--lr', '0.01', '--epochs', '8', '--out', dir]);
    expect(r.status, r.stderr).toBe(0);
    const history = json(join(dir, 'history.json')) as History;
    expect(Object.keys(history[0]!).sort()).toEqual(['epoch', 'loss', 'lr', 'mae', 'mse', 'val_loss', 'val_mae', 'val_mse']);
    const csv = await readCsv(adult);
    const ages = csv.rows.map((row) => Number(row[0]));
    const split = (await loadDataset({ data: adult, target: 'age', task: 'regression' }, 0.1, 0)).rows;
    const mean = Array.from(split.train, (i) => ages[i]!).reduce((a, b) => a + b, 0) / split.train.length;
    const meanMae = Array.from(split.val, (i) => Math.abs(ages[i]! - mean)).reduce((a, b) => a + b, 0) / split.val.length;
    const bestMae = Math.min(...history.map((h) => h['val_mae']!));
    expect(bestMae).toBeLessThan(0.85 * meanMae);
    expect(history[history.length - 1]!['val_mse']).toBe(history[history.length - 1]!['val_loss']);
    expect(readFileSync(join(dir, 'curves.svg'), 'utf8')).toContain('mean absolute error');
    expect((json(join(dir, 'preprocess.json')) as { task: string }).task).toBe('regression');
  });

  it('--loss bce trains one logit on the two Adult classes', () => {
    const { history } = train('bce', '--loss', 'bce');
    expect(history[3]!['val_accuracy']).toBeGreaterThan(0.75);
    expect(trainPart.classes).toEqual(['<=50K', '>50K']);
    const r = keel(['train', '--data', adult, '--target', 'workclass', '--loss', 'bce', '--epochs', '1', '--out', join(tmp, 'bce-bad')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--loss bce needs exactly 2 classes');
  });

  it('--learning-curve writes the 25/50/75/100% points with growing training sizes', () => {
    const { dir } = cosine;
    const lc = json(join(dir, 'learning-curve.json')) as { points: { fraction: number; rows: number; val_loss: number; val_accuracy: number }[]; more_data_helps: boolean };
    expect(lc.points.map((p) => p.fraction)).toEqual([0.25, 0.5, 0.75, 1]);
    const n = rows.train.length;
    expect(lc.points.map((p) => p.rows)).toEqual([0.25, 0.5, 0.75, 1].map((f) => Math.round(n * f)));
    for (const p of lc.points) expect(p.val_accuracy).toBeGreaterThan(0.6);
    expect(lc.points[3]!.val_loss).toBeLessThan(lc.points[0]!.val_loss);
    expect(typeof lc.more_data_helps).toBe('boolean');
  });

  it('--auto-regularize reports before/after validation metrics; the winner is the best trial and beats the overfit final epoch', () => {
    const { dir, history } = train('autoreg', '--auto-regularize', '--lr', '0.01', '--epochs', '8');
    const rep = json(join(dir, 'auto-regularize.json')) as { verdict_before: string; before: { final_val_loss: number; final_val_accuracy: number }; after: { val_loss: number; l2: number; dropout: number }; trials: { val_loss: number }[] };
    expect(rep.before.final_val_loss).toBe(history[7]!['val_loss']);
    expect(rep.before.final_val_accuracy).toBe(history[7]!['val_accuracy']);
    expect(rep.trials).toHaveLength(5);
    expect(rep.after.val_loss).toBe(Math.min(...rep.trials.map((t) => t.val_loss)));
    expect(rep.after.val_loss).toBeLessThan(rep.before.final_val_loss);
    expect((json(join(dir, 'diagnosis.json')) as { verdict: string }).verdict).toBe(rep.verdict_before);
  });
});
