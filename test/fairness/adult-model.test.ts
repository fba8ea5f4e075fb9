import { beforeAll, describe, expect, it } from 'vitest';
import { featureTensor, tensor } from '../../src/core/index.js';
import { ExponentiatedGradient, ThresholdOptimizer, accuracyScore, demographicParityDifference } from '../../src/fairness/index.js';
import { KeelClassifier, keelLearner, modelScores } from '../../src/fairness-learners/index.js';
import { Model, fit } from '../../src/model/index.js';
import { Sequential, dense } from '../../src/nn/index.js';
import { loadAdult, type AdultData } from './adult.js';

// Issue 19: the fairness learners take Keel's one model object directly — a Model trained by
// `fit` is post-processed from its own scores and fine-tuned (with the reductions' sample
// weights) by exponentiated gradient, without wrapping it a second time.
const quiet = (): void => undefined;
const dp = (y: number[], yHat: ArrayLike<number>, sex: string[]): number =>
  demographicParityDifference(y, Array.from(yHat), { features: { sex }, sensitiveFeatures: 'sex', onWarning: quiet });
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe('fairness learners over a trained Model (UCI Adult, sex as the sensitive feature)', () => {
  let sub: AdultData;
  let model: Model;
  let base: { acc: number; dp: number; scores: Float64Array };
  beforeAll(async () => {
    sub = loadAdult({ trainSize: 12000, seed: 0 });
    const net = new Sequential([dense(16, { activation: 'relu' }), dense(2)], { seed: 0 });
    const y = tensor('int64', [sub.train.y.length], sub.train.y);
    ({ model } = await fit(net, featureTensor(sub.train.X), y, { epochs: 4, batchSize: 128, lr: 0.01, seed: 0, model: { onNote: quiet } }));
    const scores = await modelScores(model, sub.test.X);
    const yHat = Array.from(scores, (p) => (p >= 0.5 ? 1 : 0));
    base = { acc: accuracyScore(sub.test.y, yHat), dp: dp(sub.test.y, yHat, sub.test.sex), scores };
  }, 120_000);

  it('a fine-tuning learner starts from the model: with learning rate 0 it predicts the model\'s own scores; the model is never changed', async () => {
    expect(base.acc).toBeGreaterThan(0.82);
    expect(base.dp).toBeGreaterThan(0.12);
    const keel = keelLearner({ model, epochs: 1, lr: 0, weightDecay: 0 });
    const learner = new KeelClassifier(keel.trainer);
    await learner.fit(sub.train.X, sub.train.y, new Float64Array(sub.train.y.length).fill(1));
    expect(maxDiff(await learner.predictProba(sub.test.X), base.scores)).toBeLessThan(1e-5);
    // The exported learner is the model's graph with the learner's weights.
    const exported = Model.fromGraph(learner.toGraph(), { onNote: quiet });
    expect(maxDiff(await modelScores(exported, sub.test.X), base.scores)).toBeLessThan(1e-5);
    await keel.release();
    expect(maxDiff(await modelScores(model, sub.test.X), base.scores)).toBe(0);
  });

  it('threshold optimization (demographic parity) over the model\'s scores cuts the DP difference by >= 80% for <= 2 points of accuracy', async () => {
    const to = new ThresholdOptimizer({ constraint: 'demographic_parity', tolerance: 0.02 }).fit(await modelScores(model, sub.train.X), sub.train.y, { features: { sex: sub.train.sex }, sensitiveFeatures: 'sex' });
    const yHat = to.predict(base.scores, { features: { sex: sub.test.sex }, seed: 0 });
    const acc = accuracyScore(sub.test.y, Array.from(yHat)), after = dp(sub.test.y, yHat, sub.test.sex);
    expect(1 - after / base.dp).toBeGreaterThanOrEqual(0.8);
    expect(base.acc - acc).toBeLessThanOrEqual(0.02);
  });

  it('exponentiated gradient (demographic parity) fine-tuning the model with its sample weights cuts the DP difference by >= 70% for <= 3 points of accuracy', async () => {
    const keel = keelLearner({ model, epochs: 2, lr: 0.005 });
    const eg = await new ExponentiatedGradient({ learner: keel.factory, constraint: 'demographic_parity', eps: 0.01, maxIter: 20 }).fit(sub.train.X, sub.train.y, { features: { sex: sub.train.sex }, sensitiveFeatures: 'sex' });
    const yHat = await eg.predict(sub.test.X, { seed: 0 });
    await keel.release();
    const acc = accuracyScore(sub.test.y, Array.from(yHat)), after = dp(sub.test.y, yHat, sub.test.sex);
    expect(1 - after / base.dp).toBeGreaterThanOrEqual(0.7);
    expect(base.acc - acc).toBeLessThanOrEqual(0.03);
    expect(eg.predictors.length).toBeGreaterThan(1);
    expect(maxDiff(await modelScores(model, sub.test.X), base.scores)).toBe(0);
  });

  it('refuses a model that is not a binary classifier over these features, with typed errors', async () => {
    const wide = Model.fromNetwork(new Sequential([dense(3)], { seed: 0 }), { inputShape: ['N', sub.train.X.cols], onNote: quiet });
    await expect(keelLearner({ model: wide }).factory().fit(sub.train.X, sub.train.y, new Float64Array(sub.train.y.length).fill(1))).rejects.toMatchObject({ code: 'MODEL_OUTPUT' });
    await expect(modelScores(wide, sub.test.X)).rejects.toMatchObject({ code: 'MODEL_OUTPUT' });
    const narrow = Model.fromNetwork(new Sequential([dense(2)], { seed: 0 }), { inputShape: ['N', 5], onNote: quiet });
    await expect(keelLearner({ model: narrow }).factory().fit(sub.train.X, sub.train.y, new Float64Array(sub.train.y.length).fill(1))).rejects.toMatchObject({ code: 'FEATURE_COUNT' });
  });
});
