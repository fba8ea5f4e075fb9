import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crossEntropyLoss, mseLoss } from '../nn/index.js';
import { balancedClassWeights, evaluateScores } from './index.js';

/** Real labels: the target column of scikit-learn's digits (data/sklearn/digits.csv.gz, no header, 1797 rows). */
const digits = gunzipSync(readFileSync(join(import.meta.dirname, '../../data/sklearn/digits.csv.gz'))).toString('utf8').trim().split('\n');
const labels = digits.map((l) => Number(l.split(',').at(-1)));

describe('balancedClassWeights', () => {
  it("matches scikit-learn's class_weight='balanced' on the digits labels and gives every class the same total weight", () => {
    const y = { dtype: 'int64' as const, shape: [labels.length], data: BigInt64Array.from(labels, BigInt) };
    const w = balancedClassWeights(y, 10);
    const counts = Array.from({ length: 10 }, (_, c) => labels.filter((v) => v === c).length);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1797);
    w.forEach((v, c) => {
      expect(v).toBeCloseTo(1797 / (10 * counts[c]!), 12);
      expect(v * counts[c]!).toBeCloseTo(179.7, 9);
    });
    const withMissing = balancedClassWeights({ dtype: 'int64', shape: [4], data: BigInt64Array.from([0n, 0n, 0n, 2n]) }, 3);
    expect(withMissing).toEqual([4 / 9, 1, 4 / 3]);
  });
});

describe('evaluateScores', () => {
  it('reports MSE and MAE (not accuracy) for regression, accuracy for classification', () => {
    const scores = { dtype: 'float32' as const, shape: [3, 1], data: Float32Array.from([1, 2, 6]) };
    const r = evaluateScores(mseLoss(), scores, { dtype: 'float32', shape: [3], data: Float32Array.from([0, 2, 3]) }, 1);
    expect(r).toEqual({ loss: 10 / 3, mse: 10 / 3, mae: 4 / 3 });
    const c = evaluateScores(crossEntropyLoss(), { dtype: 'float32', shape: [2, 2], data: Float32Array.from([0, 1, 2, 0]) }, { dtype: 'int64', shape: [2], data: BigInt64Array.from([1n, 1n]) }, 2);
    expect(c.accuracy).toBe(0.5);
    expect(c.mse).toBeUndefined();
  });
});
