import { describe, expect, it } from 'vitest';
import { isKeelError } from '../core/index.js';
import { demographicParityDifference, equalizedOddsDifference } from './fairness-metrics.js';
import { fairnessReport } from './report.js';
import { fairnessHtml } from './report-html.js';
import { tradeoffFigure } from './tradeoff.js';

// Hand-checked table: F has yTrue 1,1,0,0 / yPred 1,0,1,0; M has yTrue 1,0,0,0 / yPred 1,1,1,0.
const yTrue = Uint8Array.from([1, 1, 0, 0, 1, 0, 0, 0]);
const yPred = Uint8Array.from([1, 0, 1, 0, 1, 1, 1, 0]);
const sex = ['F', 'F', 'F', 'F', 'M', 'M', 'M', 'M'];

describe('fairnessReport', () => {
  const r = fairnessReport({ yTrue, yPred, positive: 'yes', sensitive: { sex }, bootstrap: 50, seed: 1 });

  it('gives every group its counts and rates, and the disparities between them', () => {
    expect(r.rows).toBe(8);
    expect(r.positive_label).toBe('yes');
    expect(r.overall).toEqual({ selection_rate: 5 / 8, accuracy: 0.5, tpr: 2 / 3, fpr: 3 / 5 });
    expect(r.by_group['sex']).toEqual({ F: { count: 4, selection_rate: 0.5, accuracy: 0.5, tpr: 0.5, fpr: 0.5 }, M: { count: 4, selection_rate: 0.75, accuracy: 0.5, tpr: 1, fpr: 2 / 3 } });
    expect(r.demographic_parity_difference['sex']).toBeCloseTo(0.25, 12);
    expect(r.demographic_parity_ratio['sex']).toBeCloseTo(2 / 3, 12);
    expect(r.equalized_odds_difference['sex']).toBeCloseTo(0.5, 12);
    expect(r.equalized_odds_ratio['sex']).toBeCloseTo(0.5, 12);
    expect(r.disparate_impact['sex']).toEqual({ ratio: r.demographic_parity_ratio['sex'], passes_four_fifths: false });
  });

  it('agrees with the named disparity metrics', () => {
    const options = { features: { sex }, sensitiveFeatures: 'sex' };
    expect(r.demographic_parity_difference['sex']).toBeCloseTo(demographicParityDifference(yTrue, yPred, options), 12);
    expect(r.equalized_odds_difference['sex']).toBeCloseTo(equalizedOddsDifference(yTrue, yPred, options), 12);
  });

  it('brackets the observed values with its bootstrap intervals', () => {
    const dp = r.confidence_intervals['sex']!['demographic_parity_difference']!;
    expect(dp.lower).toBeLessThanOrEqual(dp.upper);
    expect(r.group_intervals['sex']!['M']!['selection_rate']!.upper).toBeGreaterThanOrEqual(r.group_intervals['sex']!['M']!['selection_rate']!.lower);
    expect(fairnessReport({ yTrue, yPred, positive: 'yes', sensitive: { sex }, bootstrap: 0 }).confidence_intervals).toEqual({});
  });

  it('refuses a training group absent from the data unless empty groups are allowed (then null)', () => {
    const categories = { sex: ['F', 'M', 'X'] };
    let code = '';
    try {
      fairnessReport({ yTrue, yPred, positive: 'yes', sensitive: { sex }, categories, bootstrap: 0 });
    } catch (e) {
      code = isKeelError(e) ? e.code : 'not a KeelError';
    }
    expect(code).toBe('EMPTY_GROUP');
    const allowed = fairnessReport({ yTrue, yPred, positive: 'yes', sensitive: { sex }, categories, allowEmptyGroups: true, bootstrap: 0 });
    expect(allowed.by_group['sex']!['X']).toEqual({ count: 0, selection_rate: null, accuracy: null, tpr: null, fpr: null });
    expect(allowed.warnings.some((w) => w.startsWith('sex: EMPTY_GROUP'))).toBe(true);
  });

  it('draws a page per feature that escapes its names', () => {
    const html = fairnessHtml(fairnessReport({ yTrue, yPred, positive: '<b>', sensitive: { '<i>': sex }, bootstrap: 0 }), 'a&b.csv', { missing: 'no scores' });
    expect(html).toContain('a&#38;b.csv');
    expect(html).not.toContain('<i>');
    expect(html).not.toContain('<b>');
  });
});

describe('tradeoffFigure', () => {
  it('joins the Pareto front (no other point both more accurate and fairer) and marks the chosen point', () => {
    const points = [
      { label: 'a', parameter: 0, accuracy: 0.85, disparity: 0.2 },
      { label: 'b', parameter: 1, accuracy: 0.8, disparity: 0.05 },
      { label: 'c', parameter: 2, accuracy: 0.78, disparity: 0.1, chosen: true },
      { label: 'd', parameter: 3, accuracy: 0.7, disparity: 0.01 },
    ];
    const f = tradeoffFigure(points, 'demographic parity difference');
    expect(f.series.map((s) => s.name)).toEqual(['Pareto front', 'candidates', 'written model']);
    expect(f.series[0]!.points).toEqual([[0.01, 0.7], [0.05, 0.8], [0.2, 0.85]]);
    expect(f.series[2]!.points).toEqual([[0.1, 0.78]]);
  });
});
