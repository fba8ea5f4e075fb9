import { describe, expect, it } from 'vitest';
import { syntheticData } from './synthetic.js';
import { isKeelError } from '../../src/core/index.js';
import { truePositiveRate } from '../../src/fairness/base-metrics.js';
import { MetricFrame } from '../../src/fairness/metric-frame.js';
import { LogisticRegression } from '../../src/fairness/logistic-regression.js';
import { ThresholdOptimizer } from '../../src/fairness/threshold-optimizer.js';
import { groupCurves, hullAt, upperHull } from '../../src/fairness/roc-hull.js';

/** Expected selection rate / TPR / FPR per group of randomized predictions. */
function groupRates(p: Float64Array, y: number[], group: string[]): Record<string, { sr: number; tpr: number; fpr: number }> {
  const out: Record<string, { sr: number; tpr: number; fpr: number }> = {};
  for (const g of new Set(group)) {
    const idx = group.flatMap((v, i) => (v === g ? [i] : []));
    const mean = (rows: number[]): number => rows.reduce((s, i) => s + p[i]!, 0) / rows.length;
    out[g] = { sr: mean(idx), tpr: mean(idx.filter((i) => y[i] === 1)), fpr: mean(idx.filter((i) => y[i] === 0)) };
  }
  return out;
}

describe('roc hull', () => {
  it('interpolates between vertices', () => {
    const c = groupCurves(Float64Array.of(0.9, 0.8, 0.3, 0.1), Uint8Array.of(1, 0, 1, 0), Float64Array.of(1, 1, 1, 1));
    const hull = upperHull(c.roc);
    expect(hull.map((p) => [p.x, p.y])).toEqual([[0, 0.5], [0.5, 1], [1, 1]]);
    const at = hullAt(hull, 0.25);
    expect(at.value).toBeCloseTo(0.75);
    expect(at.weightLower).toBeCloseTo(0.5);
  });
});

describe('ThresholdOptimizer', () => {
  const { X, y, group } = syntheticData(3000, 2);
  const lr = new LogisticRegression();
  lr.fit(X, y);
  const scores = lr.predictProba(X);

  it('predicts the same after its state went through JSON (which writes the +Infinity threshold as null)', () => {
    // Group a never positive half the time (the ROC curve's first point, threshold +Infinity), else s ≥ 0.5; group b: s ≥ 0.2.
    const state = {
      constraint: 'demographic_parity' as const,
      sensitiveFeatures: ['group'],
      categories: { group: ['a', 'b'] },
      policies: {
        a: { thresholds: [{ threshold: Infinity, weight: 0.5 }, { threshold: 0.5, weight: 0.5 }], constantWeight: 0, constant: 0 },
        b: { thresholds: [{ threshold: 0.2, weight: 1 }], constantWeight: 0, constant: 0 },
      },
    };
    const text = JSON.stringify(state);
    expect(text).toContain('"threshold":null');
    const s = [0.9, 0.3, 0.9, 0.1], g = ['a', 'a', 'b', 'b'];
    expect(Array.from(ThresholdOptimizer.fromJSON(state).predictProba(s, { features: { group: g } }))).toEqual([0.5, 0, 1, 0]);
    expect(Array.from(ThresholdOptimizer.fromJSON(JSON.parse(text) as typeof state).predictProba(s, { features: { group: g } }))).toEqual([0.5, 0, 1, 0]);
  });

  it('equalises expected selection rates for demographic parity', () => {
    const to = new ThresholdOptimizer({ constraint: 'demographic_parity' }).fit(scores, y, { features: { group }, sensitiveFeatures: 'group' });
    const r = groupRates(to.predictProba(scores, { features: { group } }), y, group);
    expect(Math.abs(r.a!.sr - r.b!.sr)).toBeLessThan(2e-3);
    expect(to.pareto.length).toBeGreaterThan(1);
    expect(to.explored[0]!.disparity).toBeLessThan(2e-3);
    // looser tolerances never lose accuracy
    const acc = to.explored.map((p) => p.accuracy);
    acc.slice(1).forEach((a, k) => { expect(a).toBeGreaterThanOrEqual(acc[k]! - 1e-9); });
  });

  it('equalises TPR and FPR for equalized odds', () => {
    const to = new ThresholdOptimizer({ constraint: 'equalized_odds' }).fit(scores, y, { features: { group }, sensitiveFeatures: 'group' });
    const r = groupRates(to.predictProba(scores, { features: { group } }), y, group);
    expect(Math.abs(r.a!.tpr - r.b!.tpr)).toBeLessThan(2e-3);
    expect(Math.abs(r.a!.fpr - r.b!.fpr)).toBeLessThan(2e-3);
    const yHat = Array.from(to.predict(scores, { features: { group }, seed: 1 }));
    const mf = new MetricFrame({ metrics: { tpr: truePositiveRate }, yTrue: y, yPred: yHat, features: { group }, sensitiveFeatures: 'group' });
    expect(mf.difference().tpr).toBeLessThan(0.06);
  });

  it('refuses groups unseen at fit and unfitted use', () => {
    const to = new ThresholdOptimizer({ constraint: 'demographic_parity' });
    expect(() => to.predictProba([0.5], { features: { group: ['a'] } })).toThrow(/fit/);
    to.fit(scores, y, { features: { group }, sensitiveFeatures: 'group' });
    try {
      to.predictProba([0.5], { features: { group: ['zzz'] } });
      expect.unreachable();
    } catch (e) {
      expect(isKeelError(e, 'GROUP_UNSEEN')).toBe(true);
    }
  });
});
