import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError, Rng, tensor } from '../core/index.js';
import { loadMnist } from '../datasets/index.js';
import { dense, Sequential } from '../nn/index.js';
import { classificationReport, cosineWarmup, crossValidate, diagnoseFit, kFolds, loadTrainState, mixup, oneCycle, saveTrainState, splitRows, stepDecay, type EpochLogs } from './index.js';

const labels = (v: number[]): ReturnType<typeof tensor> => tensor('int64', [v.length], v);

describe('splits', () => {
  it('stratified splits keep every class on both sides; a singleton class is a typed error naming its row', () => {
    const y = labels([0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
    const s = splitRows(10, 0.5, 0, y);
    expect([...s.val].map((r) => Number(y.data[r])).sort()).toEqual([0, 0, 1, 1, 1]);
    let err: unknown;
    try {
      splitRows(5, 0.2, 0, labels([0, 0, 1, 0, 0]), 'y.npy');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).code).toBe('STRATIFY_SINGLETON');
    expect((err as DataError).details).toMatchObject({ row: 2, file: 'y.npy' });
  });

  it('a grouped split keeps each group on one side, holds out about its share of each class, and is seeded', () => {
    // 60 rows in 24 groups of 1-5 rows; the group's rows share its label (two classes).
    const groups = Int32Array.from({ length: 60 }, (_, r) => Math.floor(r / (1 + (r % 5))));
    const y = labels(Array.from(groups, (g) => g % 2));
    const s = splitRows(60, 0.25, 3, y, 'y.npy', groups);
    expect(s.train.length + s.val.length).toBe(60);
    const side = new Map<number, boolean>();
    for (const r of s.train) side.set(groups[r]!, true);
    for (const r of s.val) expect(side.has(groups[r]!), `group ${groups[r]} is on both sides`).toBe(false);
    for (const c of [0, 1]) {
      const count = [...y.data].filter((v) => Number(v) === c).length;
      const held = [...s.val].filter((r) => Number(y.data[r]) === c).length;
      expect(held).toBeGreaterThan(0);
      expect(Math.abs(held - 0.25 * count)).toBeLessThanOrEqual(5);
    }
    expect(splitRows(60, 0.25, 3, y, 'y.npy', groups)).toEqual(s);
    expect(splitRows(60, 0.25, 4, y, 'y.npy', groups).val).not.toEqual(s.val);
    // Without groups nothing changes: the same rows as before the option existed.
    expect(splitRows(60, 0.25, 3, y)).toEqual(splitRows(60, 0.25, 3, y, 'y.npy', undefined));
    const codeOf = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return (e as DataError).code;
      }
      return undefined;
    };
    expect(codeOf(() => splitRows(60, 0.25, 3, y, 'y.npy', groups.subarray(1)))).toBe('SPLIT_GROUPS');
    // A class whose rows are all copies of one text cannot be on both sides.
    expect(codeOf(() => splitRows(6, 0.5, 0, labels([0, 0, 0, 1, 1, 0]), 'y.npy', Int32Array.from([0, 1, 2, 3, 3, 5])))).toBe('STRATIFY_SINGLETON');
  });

  it('k folds partition the rows', () => {
    const folds = kFolds(10, 3, 1);
    expect(folds.flatMap((f) => [...f.val]).sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
  });
});

describe('learning-rate schedules', () => {
  it('step, cosine with warmup and one-cycle follow their formulas', () => {
    expect(stepDecay({ every: 2, gamma: 0.5 }).lr(1, 45, 10, 100)).toBe(0.25);
    const c = cosineWarmup({ warmupEpochs: 1 });
    expect(c.lr(1, 4, 10, 110)).toBeCloseTo(0.5);
    expect(c.lr(1, 10, 10, 110)).toBeCloseTo(1);
    expect(c.lr(1, 60, 10, 110)).toBeCloseTo(0.5);
    const o = oneCycle();
    expect(o.lr(1, 0, 10, 100)).toBeCloseTo(1 / 25);
    expect(o.lr(1, 30, 10, 100)).toBeCloseTo(1);
    expect(o.lr(1, 99, 10, 100)).toBeLessThan(0.01);
  });
});

describe('mixup', () => {
  it('mixes rows and records the partner label and λ in the packed targets', () => {
    const x = tensor('float32', [2, 2], [0, 0, 1, 1]);
    const t = new Float32Array([0, 0, 1, 1, 1, 1, 1, 1]);
    mixup(0.4).apply({ x, targets: t, width: 4, task: 'classification' }, new Rng(3));
    for (let i = 0; i < 2; i++) {
      const lam = t[i * 4 + 2]!;
      const partner = t[i * 4 + 1]!;
      expect(x.data[i * 2]).toBeCloseTo(lam * i + (1 - lam) * partner, 5);
    }
  });
});

describe('diagnosis on synthetic curves', () => {
  const h = (rows: [number, number, number, number][]): EpochLogs[] => rows.map(([loss, val_loss, accuracy, val_accuracy], i) => ({ epoch: i + 1, loss, lr: 1e-3, val_loss, accuracy, val_accuracy }));
  it('a diverged run is not_converged', () => {
    expect(diagnoseFit(h([[1, 1, 0.5, 0.5], [NaN, NaN, 0.1, 0.1]])).verdict).toBe('not_converged');
  });
  it('a curve still falling steeply is not_converged', () => {
    expect(diagnoseFit(h([[1, 1, 0.6, 0.6], [0.7, 0.72, 0.7, 0.7], [0.5, 0.52, 0.8, 0.79], [0.35, 0.37, 0.88, 0.87]]), { majority: 0.1, linear: 0.8 }).verdict).toBe('not_converged');
  });
});

describe('checkpoint files', () => {
  it('round-trip every array and callback state', () => {
    const p = join(mkdtempSync(join(tmpdir(), 'keel-ckpt-')), 'c.bin');
    const s = { epoch: 3, steps: 30, lrScale: 0.5, stopped: false, history: [{ epoch: 1, loss: 1, lr: 0.1 } as EpochLogs], params: new Float32Array([1, 2, 3]), optimizer: [new Float32Array([4, 5, 6])], buffers: new Float32Array([7]), callbacks: { es: { json: { best: 0.5 }, arrays: { params: new Float32Array([9, 9, 9]) } } } };
    saveTrainState(p, s);
    expect(loadTrainState(p)).toEqual(s);
  });
});

describe('metrics and cross-validation', () => {
  it('classificationReport: confusion, per-class F1, log loss, ECE', () => {
    const logits = tensor('float32', [4, 2], [2, 0, 0, 2, 2, 0, 0, 2]);
    const r = classificationReport(logits, labels([0, 1, 1, 1]));
    expect(r.confusion).toEqual([[1, 0], [1, 2]]);
    expect(r.accuracy).toBe(0.75);
    expect(r.perClass[1]!.recall).toBeCloseTo(2 / 3);
    expect(r.perClass[0]!.precision).toBeCloseTo(0.5);
    const p = 1 / (1 + Math.exp(-2));
    expect(r.logLoss).toBeCloseTo((3 * -Math.log(p) - Math.log(1 - p)) / 4, 6);
    expect(r.ece).toBeCloseTo(Math.abs(0.75 - p), 6);
  });

  it('3-fold cross-validation of softmax regression on real digits', async () => {
    const { train } = loadMnist({ shape: 'flat', trainLimit: 600 });
    const cv = await crossValidate(() => new Sequential([dense(10)], { seed: 0 }), train.x, train.y, { k: 3, epochs: 3, batchSize: 32, lr: 3e-3 });
    expect(cv.folds).toHaveLength(3);
    expect(cv.mean['val_accuracy']).toBeGreaterThan(0.7);
    expect(cv.std['val_accuracy']).toBeLessThan(0.1);
  }, 30_000);
});
