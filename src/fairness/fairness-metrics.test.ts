import { describe, expect, it } from 'vitest';
import { isKeelError } from '../core/index.js';
import {
  demographicParityDifference,
  demographicParityRatio,
  disparateImpactRatio,
  equalOpportunityDifference,
  equalizedOddsDifference,
  equalizedOddsRatio,
  fourFifthsRule,
  predictiveParityDifference,
} from './fairness-metrics.js';
import type { FairnessWarning } from './metric-frame.js';

const yTrue = [1, 1, 0, 0, 1, 0, 0, 0];
const yPred = [1, 0, 1, 0, 1, 1, 1, 0];
const sex = ['F', 'F', 'F', 'F', 'M', 'M', 'M', 'M'];
const opts = { features: { sex }, sensitiveFeatures: 'sex', onWarning: (): void => undefined };

describe('named fairness metrics (hand-computed)', () => {
  // F: TPR 1/2, FPR 1/2, SR 1/2, precision 1/2.  M: TPR 1, FPR 2/3, SR 3/4, precision 1/3.
  it('demographic parity', () => {
    expect(demographicParityDifference(yTrue, yPred, opts)).toBeCloseTo(0.25);
    expect(demographicParityRatio(yTrue, yPred, opts)).toBeCloseTo(2 / 3);
    expect(demographicParityDifference(yTrue, yPred, { ...opts, method: 'to_overall' })).toBeCloseTo(0.125);
  });

  it('equalized odds and equal opportunity', () => {
    expect(equalizedOddsDifference(yTrue, yPred, opts)).toBeCloseTo(0.5);
    expect(equalizedOddsRatio(yTrue, yPred, opts)).toBeCloseTo(0.5);
    expect(equalOpportunityDifference(yTrue, yPred, opts)).toBeCloseTo(0.5);
  });

  it('predictive parity', () => {
    expect(predictiveParityDifference(yTrue, yPred, opts)).toBeCloseTo(1 / 6);
  });

  it('disparate impact and the four-fifths rule', () => {
    expect(disparateImpactRatio(yTrue, yPred, opts)).toBeCloseTo(2 / 3);
    const r = fourFifthsRule(yTrue, yPred, opts);
    expect(r).toMatchObject({ passes: false, threshold: 0.8, lowestGroup: 'F', highestGroup: 'M' });
    expect(r.ratio).toBeCloseTo(2 / 3);
    expect(fourFifthsRule(yTrue, yPred, { ...opts, threshold: 0.6 }).passes).toBe(true);
  });

  it('is zero for identical groups', () => {
    const g = ['a', 'b', 'a', 'b'];
    expect(demographicParityDifference([1, 1, 0, 0], [1, 1, 0, 0], { features: { g }, sensitiveFeatures: 'g' })).toBe(0);
  });
});

describe('warnings and errors of named metrics', () => {
  it('sends empty-group warnings to onWarning', () => {
    const seen: FairnessWarning[] = [];
    const d = demographicParityDifference(yTrue, yPred, { ...opts, categories: { sex: ['F', 'M', 'X'] }, onWarning: (w) => seen.push(w) });
    expect(d).toBeCloseTo(0.25);
    expect(seen.map((w) => w.code)).toEqual(['EMPTY_GROUP']);
  });

  it('emits a process warning by default', async () => {
    const warned = new Promise<Error>((resolve) => process.once('warning', resolve));
    demographicParityDifference(yTrue, yPred, { features: { sex }, sensitiveFeatures: 'sex', categories: { sex: ['F', 'M', 'X'] } });
    const w = await warned;
    expect((w as Error & { code?: string }).code).toBe('KEEL_FAIRNESS_EMPTY_GROUP');
  });

  it('throws on a missing column', () => {
    expect(() => equalizedOddsDifference(yTrue, yPred, { ...opts, sensitiveFeatures: 'race' })).toThrow(/not a column/);
    try {
      equalizedOddsDifference(yTrue, yPred, { ...opts, sensitiveFeatures: 'race' });
    } catch (e) {
      expect(isKeelError(e, 'COLUMN_NOT_FOUND')).toBe(true);
    }
  });
});
