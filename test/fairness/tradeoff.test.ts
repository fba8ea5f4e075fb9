import { describe, expect, it } from 'vitest';
import { figureSvg } from '../../src/figure/index.js';
import { LogisticRegression, accuracyScore, thresholdTradeoff, tradeoffFigure } from '../../src/fairness/index.js';
import { loadAdult } from './adult.js';

describe('accuracy/disparity trade-off of group thresholds (Adult, logistic regression)', () => {
  const { train, test } = loadAdult({ trainSize: 4000, seed: 3 });
  const lr = new LogisticRegression();
  lr.fit(train.X, train.y);
  const scores = lr.predictProba(test.X);
  const yPred = Array.from(scores, (s) => (s >= 0.5 ? 1 : 0));
  const points = thresholdTradeoff({ scores, yTrue: test.y, yPred, features: { sex: test.sex }, sensitiveFeature: 'sex' });

  it('adds the model itself with its accuracy and selection-rate gap, computed here by hand', () => {
    const mine = points.filter((p) => p.chosen === true);
    expect(mine).toHaveLength(1);
    const rate = (g: string): number => {
      const rows = test.sex.flatMap((s, i) => (s === g ? [yPred[i]!] : []));
      return rows.reduce((a, b) => a + b, 0) / rows.length;
    };
    const correct = yPred.filter((p, i) => p === test.y[i]).length / yPred.length;
    expect(mine[0]!.accuracy).toBeCloseTo(correct, 12);
    expect(mine[0]!.disparity).toBeCloseTo(Math.abs(rate('Male') - rate('Female')), 12);
    // Logistic regression on Adult selects men far more often than women.
    expect(mine[0]!.disparity).toBeGreaterThan(0.1);
  });

  it('explores from parity (tolerance 0) to unconstrained thresholds that are at least as accurate as the model', () => {
    const tol = (t: number): (typeof points)[number] => points.find((p) => p.chosen !== true && p.parameter === t)!;
    expect(tol(0).disparity).toBeLessThan(0.01);
    expect(tol(1).accuracy).toBeGreaterThanOrEqual(accuracyScore(test.y, yPred) - 1e-12);
    expect(tol(0).accuracy).toBeLessThan(tol(1).accuracy);
  });

  it('draws the Pareto front: exactly the points no other point beats on both accuracy and disparity', () => {
    const fig = tradeoffFigure(points, 'demographic parity difference', { chosenName: 'this model' });
    const front = fig.series.find((s) => s.name === 'Pareto front')!.points;
    const dominated = (p: (typeof points)[number]): boolean => points.some((q) => q.disparity <= p.disparity && q.accuracy >= p.accuracy && (q.disparity < p.disparity || q.accuracy > p.accuracy));
    // Equal points (tolerances that reach the same thresholds) appear once on the front.
    const expected = [...new Set(points.filter((p) => !dominated(p)).map((p) => JSON.stringify([p.disparity, p.accuracy])))].map((k) => JSON.parse(k) as number[]).sort((a, b) => a[0]! - b[0]!);
    expect(expected.length).toBeGreaterThan(3);
    expect(front.map((p) => [...p])).toEqual(expected);
    expect(fig.series.map((s) => s.name)).toEqual(['Pareto front', 'candidates', 'this model']);
    const svg = figureSvg(fig);
    expect(svg).toContain('class="legend"');
    expect(svg.match(/<circle class="mark"/g)?.length).toBeGreaterThanOrEqual(points.length);
  });
});
