import { describe, it, expect } from 'vitest';
import { mannWhitneyU } from './statistics.js';

// References: scipy.stats.mannwhitneyu(a, b, method='asymptotic') (scipy 1.10, Debian).
describe('mannWhitneyU', () => {
  it('matches scipy on samples with ties', () => {
    const a = [1.8, 0.4, 0.1, -1.9, -0.3, -0.4, -0.1, -0.6, -0.0, -0.5, -1.3, 0.9, 0.9, 1.7, 0.1, -0.4, -0.5, -1.5, 1.0, -1.1];
    const b = [-0.4, 0.6, 2.3, 1.0, -0.2, 0.1, 1.4, 0.6, 0.0, 0.6, 1.5, 2.8, -0.4, 0.2, -0.0, -1.6, -0.1, -0.2, 1.9, 0.7];
    const r = mannWhitneyU(a, b);
    expect(r.statistic).toBe(129);
    expect(r.pValue).toBeCloseTo(0.056203940841826866, 12);
  });

  it('matches scipy on separated samples and is symmetric', () => {
    const a = [1, 2, 3, 4, 5];
    const b = [6, 7, 8, 9, 10];
    expect(mannWhitneyU(a, b).statistic).toBe(0);
    expect(mannWhitneyU(a, b).pValue).toBeCloseTo(0.012185780355344813, 12);
    expect(mannWhitneyU(b, a).pValue).toBeCloseTo(0.012185780355344813, 12);
    expect(mannWhitneyU(a, a).pValue).toBe(1);
  });
});
