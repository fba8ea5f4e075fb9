import { describe, expect, it } from 'vitest';
import { isKeelError } from '../core/index.js';
import {
  accuracyScore,
  confusion,
  count,
  falseNegativeRate,
  falsePositiveRate,
  precisionScore,
  selectionRate,
  trueNegativeRate,
  truePositiveRate,
} from './base-metrics.js';
import { expectedCalibrationError } from './calibration.js';
import { macroAverage, oneVsRest } from './one-vs-rest.js';

const yTrue = [1, 1, 0, 0, 1, 0, 0, 0];
const yPred = [1, 0, 1, 0, 1, 1, 1, 0];

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isKeelError(e) ? e.code : 'not a KeelError';
  }
  return undefined;
}

describe('base metrics on a hand-built table', () => {
  it('matches hand-computed values', () => {
    expect(confusion(yTrue, yPred)).toEqual({ tp: 2, fp: 3, tn: 2, fn: 1 });
    expect(count(yTrue, yPred)).toBe(8);
    expect(selectionRate(yTrue, yPred)).toBeCloseTo(5 / 8);
    expect(accuracyScore(yTrue, yPred)).toBeCloseTo(4 / 8);
    expect(truePositiveRate(yTrue, yPred)).toBeCloseTo(2 / 3);
    expect(falseNegativeRate(yTrue, yPred)).toBeCloseTo(1 / 3);
    expect(falsePositiveRate(yTrue, yPred)).toBeCloseTo(3 / 5);
    expect(trueNegativeRate(yTrue, yPred)).toBeCloseTo(2 / 5);
    expect(precisionScore(yTrue, yPred)).toBeCloseTo(2 / 5);
  });

  it('applies sample weights', () => {
    const w = [3, 1, 1, 1, 0, 0, 0, 0];
    expect(selectionRate(yTrue, yPred, { sampleWeight: w })).toBeCloseTo(4 / 6);
    expect(truePositiveRate(yTrue, yPred, { sampleWeight: w })).toBeCloseTo(3 / 4);
    expect(accuracyScore(yTrue, yPred, { sampleWeight: w })).toBeCloseTo(4 / 6);
  });

  it('returns NaN instead of dividing by zero', () => {
    expect(truePositiveRate([0, 0], [1, 0])).toBeNaN();
    expect(precisionScore([1, 0], [0, 0])).toBeNaN();
    expect(selectionRate([], [])).toBeNaN();
  });

  it('accepts string labels with posLabel, booleans and -1/1', () => {
    expect(truePositiveRate(['>50K', '<=50K', '>50K'], ['>50K', '>50K', '<=50K'], { posLabel: '>50K' })).toBeCloseTo(0.5);
    expect(selectionRate([true, false], [true, true])).toBe(1);
    expect(falsePositiveRate([-1, -1, 1], [1, -1, 1])).toBeCloseTo(0.5);
  });

  it('accuracy works for any number of classes', () => {
    expect(accuracyScore(['a', 'b', 'c'], ['a', 'b', 'b'])).toBeCloseTo(2 / 3);
  });
});

describe('bad input', () => {
  it('rejects non-binary labels without a positive label', () => {
    expect(codeOf(() => truePositiveRate([0, 1, 2], [0, 1, 2]))).toBe('LABELS_NOT_BINARY');
    expect(codeOf(() => selectionRate(['yes', 'no'], ['yes', 'yes']))).toBe('POS_LABEL_REQUIRED');
    expect(codeOf(() => selectionRate([1, 2], [2, 2]))).toBe('POS_LABEL_REQUIRED');
  });

  it('rejects probabilities where labels are expected', () => {
    expect(codeOf(() => accuracyScore([0, 1], [0.2, 0.9]))).toBe('PREDICTIONS_ARE_PROBABILITIES');
    expect(codeOf(() => selectionRate([0, 1], [0, 0.7], { posLabel: 1 }))).toBe('PREDICTIONS_ARE_PROBABILITIES');
  });

  it('rejects mismatched lengths and bad weights', () => {
    expect(codeOf(() => selectionRate([0, 1], [0]))).toBe('LENGTH_MISMATCH');
    expect(codeOf(() => selectionRate([0, 1], [0, 1], { sampleWeight: [1, -1] }))).toBe('INVALID_SAMPLE_WEIGHT');
  });
});

describe('expectedCalibrationError', () => {
  it('matches a hand-computed value', () => {
    // bin [0, .5): p=.2, y=0 -> |.2-0| ; bin [.5, 1]: p=.6, y=1 -> |.6-1|; each half the weight
    expect(expectedCalibrationError([0, 1], [0.2, 0.6], { nBins: 2 })).toBeCloseTo(0.3);
    expect(expectedCalibrationError([0, 1, 1, 0], [0.25, 0.75, 0.75, 0.25], { nBins: 2 })).toBeCloseTo(0.25);
  });

  it('rejects out-of-range probabilities', () => {
    expect(codeOf(() => expectedCalibrationError([0, 1], [0.2, 1.5]))).toBe('PROBABILITIES_OUT_OF_RANGE');
  });
});

describe('one-vs-rest', () => {
  const t = ['a', 'b', 'c', 'a', 'b', 'c'];
  const p = ['a', 'b', 'b', 'c', 'b', 'c'];
  it('computes one metric per class and a macro average', () => {
    const per = oneVsRest(truePositiveRate, ['a', 'b', 'c'], 'tpr');
    expect(Object.keys(per)).toEqual(['tpr[a]', 'tpr[b]', 'tpr[c]']);
    expect(per['tpr[a]']!(t, p)).toBeCloseTo(0.5);
    expect(per['tpr[b]']!(t, p)).toBeCloseTo(1);
    expect(per['tpr[c]']!(t, p)).toBeCloseTo(0.5);
    expect(macroAverage(truePositiveRate, ['a', 'b', 'c'])(t, p)).toBeCloseTo(2 / 3);
  });
});
