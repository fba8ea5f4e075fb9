import { beforeAll, describe, expect, it } from 'vitest';
import {
  ExponentiatedGradient,
  LogisticRegression,
  MetricFrame,
  ThresholdOptimizer,
  accuracyScore,
  demographicParityDifference,
  reweighing,
  selectionRate,
} from '../../src/fairness/index.js';
import { loadAdult, type AdultData } from './adult.js';

const quiet = (): void => undefined;
const dp = (y: number[], yHat: ArrayLike<number>, sex: string[]): number =>
  demographicParityDifference(y, Array.from(yHat), { features: { sex }, sensitiveFeatures: 'sex', onWarning: quiet });

describe('UCI Adult, sex as the sensitive feature', () => {
  let full: AdultData;
  beforeAll(() => {
    full = loadAdult();
  });

  it('loads both splits with train-fitted encoding', () => {
    expect(full.train.X.rows).toBe(32561);
    expect(full.test.X.rows).toBe(16281);
    expect(full.train.X.cols).toBe(full.featureNames.length);
    const rate = full.train.y.reduce((a, b) => a + b, 0) / full.train.y.length;
    expect(rate).toBeCloseTo(0.2408, 3);
    expect(new Set(full.test.sex)).toEqual(new Set(['Female', 'Male']));
    // standardized on train: the first numeric column has mean 0 on train
    let mean = 0;
    for (let i = 0; i < full.train.X.rows; i++) mean += full.train.X.data[i * full.train.X.cols]! / full.train.X.rows;
    expect(Math.abs(mean)).toBeLessThan(1e-9);
  });

  it('threshold optimization (demographic parity) cuts the DP difference by >= 80% for <= 2 points of accuracy', () => {
    const lr = new LogisticRegression();
    lr.fit(full.train.X, full.train.y);
    const base = Array.from(lr.predict(full.test.X));
    const baseAcc = accuracyScore(full.test.y, base), baseDp = dp(full.test.y, base, full.test.sex);
    expect(baseDp).toBeGreaterThan(0.15);
    const to = new ThresholdOptimizer({ constraint: 'demographic_parity', tolerance: 0.02 }).fit(lr.predictProba(full.train.X), full.train.y, {
      features: { sex: full.train.sex },
      sensitiveFeatures: 'sex',
    });
    const yHat = to.predict(lr.predictProba(full.test.X), { features: { sex: full.test.sex }, seed: 0 });
    const acc = accuracyScore(full.test.y, Array.from(yHat)), after = dp(full.test.y, yHat, full.test.sex);
    expect(1 - after / baseDp).toBeGreaterThanOrEqual(0.8);
    expect(baseAcc - acc).toBeLessThanOrEqual(0.02);
    expect(to.pareto.length).toBeGreaterThan(3);
  });

  it('exponentiated gradient (demographic parity) cuts the DP difference by >= 70% for <= 3 points of accuracy', () => {
    const sub = loadAdult({ trainSize: 12000, seed: 0 });
    const lr = new LogisticRegression();
    lr.fit(sub.train.X, sub.train.y);
    const base = Array.from(lr.predict(sub.test.X));
    const baseAcc = accuracyScore(sub.test.y, base), baseDp = dp(sub.test.y, base, sub.test.sex);
    const eg = new ExponentiatedGradient({ learner: () => new LogisticRegression(), constraint: 'demographic_parity', eps: 0.01 }).fit(sub.train.X, sub.train.y, {
      features: { sex: sub.train.sex },
      sensitiveFeatures: 'sex',
    });
    const yHat = eg.predict(sub.test.X, { seed: 0 });
    const acc = accuracyScore(sub.test.y, Array.from(yHat)), after = dp(sub.test.y, yHat, sub.test.sex);
    expect(1 - after / baseDp).toBeGreaterThanOrEqual(0.7);
    expect(baseAcc - acc).toBeLessThanOrEqual(0.03);
    expect(eg.pareto.length).toBeGreaterThan(0);
  });

  it('reweighing equalises weighted label rates of the training set', () => {
    const { weights } = reweighing(full.train.y, { features: { sex: full.train.sex }, sensitiveFeatures: 'sex' });
    const mf = new MetricFrame({ metrics: { rate: selectionRate }, yTrue: full.train.y, yPred: full.train.y, sampleWeight: weights, features: { sex: full.train.sex }, sensitiveFeatures: 'sex' });
    expect(mf.difference().rate).toBeLessThan(1e-12);
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(full.train.y.length, 6);
  });

  it('reports a test-set group with zero members', () => {
    const mf = new MetricFrame({
      metrics: { selectionRate },
      yTrue: full.test.y,
      yPred: full.test.y,
      features: { race: full.test.race },
      sensitiveFeatures: 'race',
      categories: { race: [...new Set(full.train.race), 'Not-in-data'] },
    });
    expect(mf.warnings.filter((w) => w.code === 'EMPTY_GROUP').map((w) => w.group)).toEqual(['Not-in-data']);
  });
});
