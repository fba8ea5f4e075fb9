import { describe, expect, it } from 'vitest';
import { syntheticData } from './synthetic.js';
import { isKeelError } from '../../src/core/index.js';
import { accuracyScore } from '../../src/fairness/base-metrics.js';
import { demographicParityDifference } from '../../src/fairness/fairness-metrics.js';
import { fairnessPenaltyPath } from '../../src/fairness/fairness-penalty.js';
import { featureMatrix, selectRows } from '../../src/fairness/index.js';
import { LogisticRegression } from '../../src/fairness/logistic-regression.js';

describe('LogisticRegression', () => {
  const { X, y, group } = syntheticData(1500, 1);

  it('fits the synthetic problem well and zeroes the gradient', () => {
    const lr = new LogisticRegression({ l2: 0 });
    lr.fit(X, y);
    expect(accuracyScore(y, Array.from(lr.predict(X)))).toBeGreaterThan(0.75);
    const p = lr.predictProba(X);
    for (let j = 0; j < X.cols; j++) {
      let g = 0;
      for (let i = 0; i < X.rows; i++) g += (p[i]! - y[i]!) * X.data[i * X.cols + j]!;
      expect(Math.abs(g / X.rows)).toBeLessThan(1e-6);
    }
  });

  it('treats an integer weight like a duplicated row', () => {
    const small = selectRows(X, [...Array(200).keys()]);
    const ys = y.slice(0, 200);
    const w = ys.map((_, i) => (i % 3 === 0 ? 2 : 1));
    const dupIdx = [...Array(200).keys()].flatMap((i) => (i % 3 === 0 ? [i, i] : [i]));
    const a = new LogisticRegression({ l2: 0 });
    a.fit(small, ys, w);
    const b = new LogisticRegression({ l2: 0 });
    b.fit(selectRows(small, dupIdx), dupIdx.map((i) => ys[i]!));
    a.coef.forEach((c, j) => { expect(c).toBeCloseTo(b.coef[j]!, 6); });
  });

  it('rejects predicting before fit', () => {
    try {
      new LogisticRegression().predict(featureMatrix([[1, 2]]));
      expect.unreachable();
    } catch (e) {
      expect(isKeelError(e, 'NOT_FITTED')).toBe(true);
    }
  });

  it('fairness penalty path trades accuracy for lower disparity', () => {
    const path = fairnessPenaltyPath(X, y, { features: { group }, sensitiveFeatures: 'group', strengths: [0, 10, 1000] });
    const dp = path.models.map((m) => demographicParityDifference(y, Array.from(m.predict(X)), { features: { group }, sensitiveFeatures: 'group' }));
    expect(dp[0]!).toBeGreaterThan(0.3);
    expect(dp[2]!).toBeLessThan(0.5 * dp[0]!);
    expect(path.explored.map((p) => p.disparity)).toEqual(dp.map((d) => expect.closeTo(d, 9) as unknown as number));
    expect(path.pareto.length).toBeGreaterThan(0);
  });
});
