import { beforeAll, describe, expect, it } from 'vitest';
import {
  ExponentiatedGradient,
  MetricFrame,
  ThresholdOptimizer,
  accuracyScore,
  demographicParityDifference,
  reweighing,
  selectionRate,
} from '../../src/fairness/index.js';
import { KeelClassifier, keelLearner, keelPenaltyPath } from '../../src/fairness-learners/index.js';
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

  it('threshold optimization (demographic parity) over a Keel MLP cuts the DP difference by >= 80% for <= 2 points of accuracy', async () => {
    const keel = keelLearner({ hidden: [32], epochs: 6 });
    const model = new KeelClassifier(keel.trainer);
    await model.fit(full.train.X, full.train.y);
    const base = Array.from(await model.predict(full.test.X));
    const baseAcc = accuracyScore(full.test.y, base), baseDp = dp(full.test.y, base, full.test.sex);
    expect(baseAcc).toBeGreaterThan(0.84);
    expect(baseDp).toBeGreaterThan(0.15);
    const to = new ThresholdOptimizer({ constraint: 'demographic_parity', tolerance: 0.02 }).fit(await model.predictProba(full.train.X), full.train.y, {
      features: { sex: full.train.sex },
      sensitiveFeatures: 'sex',
    });
    const yHat = to.predict(await model.predictProba(full.test.X), { features: { sex: full.test.sex }, seed: 0 });
    await keel.release();
    const acc = accuracyScore(full.test.y, Array.from(yHat)), after = dp(full.test.y, yHat, full.test.sex);
    expect(1 - after / baseDp).toBeGreaterThanOrEqual(0.8);
    expect(baseAcc - acc).toBeLessThanOrEqual(0.02);
    expect(to.pareto.length).toBeGreaterThan(3);
  });

  it('exponentiated gradient (demographic parity) over Keel models cuts the DP difference by >= 70% for <= 3 points of accuracy', async () => {
    const sub = loadAdult({ trainSize: 12000, seed: 0 });
    const keel = keelLearner({ hidden: [], epochs: 4 });
    const baseModel = keel.factory();
    await baseModel.fit(sub.train.X, sub.train.y, new Float64Array(sub.train.y.length).fill(1));
    const base = Array.from(await baseModel.predict(sub.test.X));
    const baseAcc = accuracyScore(sub.test.y, base), baseDp = dp(sub.test.y, base, sub.test.sex);
    const eg = await new ExponentiatedGradient({ learner: keel.factory, constraint: 'demographic_parity', eps: 0.01, maxIter: 30 }).fit(sub.train.X, sub.train.y, {
      features: { sex: sub.train.sex },
      sensitiveFeatures: 'sex',
    });
    const yHat = await eg.predict(sub.test.X, { seed: 0 });
    await keel.release();
    const acc = accuracyScore(sub.test.y, Array.from(yHat)), after = dp(sub.test.y, yHat, sub.test.sex);
    expect(1 - after / baseDp).toBeGreaterThanOrEqual(0.7);
    expect(baseAcc - acc).toBeLessThanOrEqual(0.03);
    expect(eg.predictors.every((p) => p instanceof KeelClassifier)).toBe(true);
    expect(eg.pareto.length).toBeGreaterThan(0);
  });

  it('the Keel fairness-penalised loss lowers the training DP difference as the strength grows', async () => {
    const sub = loadAdult({ trainSize: 8000, seed: 1 });
    const path = await keelPenaltyPath(sub.train.X, sub.train.y, { features: { sex: sub.train.sex }, sensitiveFeatures: 'sex', strengths: [0, 10], model: { epochs: 4 } });
    await path.trainer.release();
    const [free, fair] = path.explored;
    expect(free!.disparity).toBeGreaterThan(0.12);
    expect(fair!.disparity).toBeLessThan(0.8 * free!.disparity);
    expect(free!.accuracy - fair!.accuracy).toBeLessThan(0.03);
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
