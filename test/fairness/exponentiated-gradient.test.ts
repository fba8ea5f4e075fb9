import { describe, expect, it } from 'vitest';
import { syntheticData } from './synthetic.js';
import { accuracyScore } from '../../src/fairness/base-metrics.js';
import { ExponentiatedGradient } from '../../src/fairness/exponentiated-gradient.js';
import { demographicParityDifference, equalizedOddsDifference } from '../../src/fairness/fairness-metrics.js';
import type { FeatureMatrix, Learner } from '../../src/fairness/index.js';
import { LogisticRegression } from '../../src/fairness/logistic-regression.js';

describe('ExponentiatedGradient', () => {
  const { X, y, group } = syntheticData(2000, 3);
  const sf = { features: { group }, sensitiveFeatures: 'group' };
  const base = new LogisticRegression();
  base.fit(X, y);
  const baseHat = Array.from(base.predict(X));

  it('reduces the demographic parity difference with a mixture of learners', async () => {
    const eg = await new ExponentiatedGradient({ learner: () => new LogisticRegression(), constraint: 'demographic_parity', eps: 0.01 }).fit(X, y, sf);
    const yHat = Array.from(await eg.predict(X, { seed: 0 }));
    const before = demographicParityDifference(y, baseHat, sf);
    const after = demographicParityDifference(y, yHat, sf);
    expect(before).toBeGreaterThan(0.3);
    expect(after).toBeLessThan(0.3 * before);
    expect(eg.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    expect(eg.predictors.length).toBe(eg.weights.length);
    expect(eg.pareto.length).toBeGreaterThan(0);
    expect(accuracyScore(y, yHat)).toBeGreaterThan(0.6);
  });

  it('reduces the equalized odds difference', async () => {
    const eg = await new ExponentiatedGradient({ learner: () => new LogisticRegression(), constraint: 'equalized_odds', eps: 0.01 }).fit(X, y, sf);
    const before = equalizedOddsDifference(y, baseHat, sf);
    const p = await eg.predictProba(X);
    const expected = Array.from(p);
    // evaluate the expected (de-randomized) rates through the moment definitions
    const rate = (g: string, label: number): number => {
      const idx = group.flatMap((v, i) => (v === g && y[i] === label ? [i] : []));
      return idx.reduce((s, i) => s + expected[i]!, 0) / idx.length;
    };
    const after = Math.max(Math.abs(rate('a', 1) - rate('b', 1)), Math.abs(rate('a', 0) - rate('b', 0)));
    expect(after).toBeLessThan(0.5 * before);
  });

  it('runs over any Learner (conformance: a constant learner)', async () => {
    class Constant implements Learner {
      readonly name = 'Constant';
      value = 0;
      fit(_X: FeatureMatrix, yy: ArrayLike<number>, w: ArrayLike<number>): void {
        let pos = 0, tot = 0;
        for (let i = 0; i < yy.length; i++) {
          pos += yy[i]! * w[i]!;
          tot += w[i]!;
        }
        this.value = pos > tot / 2 ? 1 : 0;
      }
      predict(Xs: FeatureMatrix): Float64Array {
        return new Float64Array(Xs.rows).fill(this.value);
      }
    }
    const eg = await new ExponentiatedGradient({ learner: () => new Constant(), constraint: 'demographic_parity', maxIter: 10 }).fit(X, y, sf);
    expect(demographicParityDifference(y, Array.from(await eg.predict(X)), sf)).toBeLessThan(0.1);
  });
});
