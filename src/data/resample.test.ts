import { describe, expect, it } from 'vitest';
import { isKeelError } from '../core/index.js';
import { classWeights, randomOversample, randomUndersample, smote } from './resample.js';
import { createTable, getColumn, type Table } from './table.js';

function imbalanced(): Table {
  const x = Float64Array.from({ length: 30 }, (_, i) => i);
  const z = Float64Array.from({ length: 30 }, (_, i) => i * 2);
  const y = Array.from({ length: 30 }, (_, i) => (i < 24 ? 'a' : 'b'));
  return createTable([
    { name: 'x', type: 'number', values: x },
    { name: 'z', type: 'number', values: z },
    { name: 'y', type: 'string', values: y },
  ]);
}

function counts(t: Table): Record<string, number> {
  const y = getColumn(t, 'y');
  const out: Record<string, number> = {};
  for (let i = 0; i < t.rowCount; i++) {
    const k = String(y.values[i]);
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

describe('imbalance fixes', () => {
  it('class weights are n / (k · n_c)', () => {
    const w = classWeights(['a', 'a', 'a', 'b']);
    expect(w.get('a')).toBeCloseTo(4 / 6);
    expect(w.get('b')).toBe(2);
  });

  it('random over- and undersampling balance the classes reproducibly', () => {
    expect(counts(randomOversample(imbalanced(), { target: 'y', seed: 1 }))).toEqual({ a: 24, b: 24 });
    expect(counts(randomUndersample(imbalanced(), { target: 'y', seed: 1 }))).toEqual({ a: 6, b: 6 });
    const a = randomUndersample(imbalanced(), { target: 'y', seed: 2 });
    const b = randomUndersample(imbalanced(), { target: 'y', seed: 2 });
    expect(getColumn(a, 'x').values).toEqual(getColumn(b, 'x').values);
  });

  it('SMOTE interpolates between minority neighbours', () => {
    const t = smote(imbalanced(), { target: 'y', k: 3, seed: 3 });
    expect(counts(t)).toEqual({ a: 24, b: 24 });
    const x = getColumn(t, 'x').values as Float64Array;
    const z = getColumn(t, 'z').values as Float64Array;
    for (let i = 30; i < t.rowCount; i++) {
      expect(x[i]!).toBeGreaterThanOrEqual(24);
      expect(x[i]!).toBeLessThanOrEqual(29);
      expect(z[i]!).toBeCloseTo(2 * x[i]!); // stays on the segment between two minority rows
    }
  });

  it('SMOTE refuses text features', () => {
    const t = createTable([
      { name: 's', type: 'string', values: ['p', 'q', 'r'] },
      { name: 'y', type: 'string', values: ['a', 'a', 'b'] },
    ]);
    let code = '';
    try {
      smote(t, { target: 'y' });
    } catch (e) {
      code = isKeelError(e) ? e.code : 'other';
    }
    expect(code).toBe('SMOTE_NON_NUMERIC');
  });
});
