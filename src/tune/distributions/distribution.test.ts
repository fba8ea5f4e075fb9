import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { isKeelError } from '../../core/index.js';
import {
  categoricalDistribution, contains, floatDistribution, fromUnit, intDistribution, sameDistribution, snapToDistribution, toUnit,
} from './index.js';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isKeelError(e) ? e.code : 'NOT_KEEL';
  }
  return undefined;
}

describe('distribution validation', () => {
  it('rejects low > high', () => {
    expect(code(() => floatDistribution('x', 2, 1))).toBe('INVALID_RANGE');
    expect(code(() => intDistribution('n', 5, 1))).toBe('INVALID_RANGE');
  });
  it('rejects log scale with low ≤ 0', () => {
    expect(code(() => floatDistribution('lr', 0, 1, { log: true }))).toBe('INVALID_LOG_RANGE');
    expect(code(() => intDistribution('n', -1, 4, { log: true }))).toBe('INVALID_LOG_RANGE');
  });
  it('rejects log with step, bad steps, non-integers, non-finite bounds, empty or duplicate choices', () => {
    expect(code(() => floatDistribution('x', 1, 2, { log: true, step: 0.1 }))).toBe('LOG_WITH_STEP');
    expect(code(() => floatDistribution('x', 0, 1, { step: 0 }))).toBe('INVALID_STEP');
    expect(code(() => intDistribution('n', 0.5, 3))).toBe('NOT_INTEGER');
    expect(code(() => floatDistribution('x', 0, Infinity))).toBe('INVALID_RANGE');
    expect(code(() => categoricalDistribution('c', []))).toBe('EMPTY_CHOICES');
    expect(code(() => categoricalDistribution('c', ['a', 'a']))).toBe('DUPLICATE_CHOICES');
  });
  it('aligns high to the step grid', () => {
    expect(floatDistribution('x', 0, 1, { step: 0.3 }).high).toBeCloseTo(0.9);
    expect(intDistribution('n', 0, 10, { step: 3 }).high).toBe(9);
  });
  it('compares distributions structurally', () => {
    expect(sameDistribution(floatDistribution('a', 0, 1), floatDistribution('b', 0, 1))).toBe(true);
    expect(sameDistribution(floatDistribution('a', 0, 1), floatDistribution('a', 0, 2))).toBe(false);
    expect(sameDistribution(categoricalDistribution('a', [1, 2]), intDistribution('a', 1, 2))).toBe(false);
  });
});

describe('unit mapping', () => {
  const dists = [
    floatDistribution('f', -3, 5),
    floatDistribution('fl', 1e-4, 10, { log: true }),
    floatDistribution('fs', 0, 1, { step: 0.25 }),
    intDistribution('i', -2, 7),
    intDistribution('il', 1, 1000, { log: true }),
    intDistribution('is', 0, 20, { step: 5 }),
    categoricalDistribution('c', ['a', 'b', null, 3]),
  ];
  it('fromUnit always lands on a legal value (property)', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: dists.length - 1 }), (u, k) => {
      const d = dists[k]!;
      const v = fromUnit(d, u);
      return contains(d, d.kind === 'categorical' ? d.choices[v]! : v);
    }));
  });
  it('toUnit inverts fromUnit on grids and log scales', () => {
    for (const d of dists) {
      for (const u of [0.05, 0.3, 0.77]) {
        const v = fromUnit(d, u);
        expect(fromUnit(d, toUnit(d, v))).toBeCloseTo(v, 9);
      }
    }
    expect(fromUnit(floatDistribution('lr', 1e-4, 1, { log: true }), 0.5)).toBeCloseTo(0.01);
  });
  it('snaps raw numbers into bounds and onto grids', () => {
    expect(snapToDistribution(intDistribution('n', 0, 10), 3.7)).toBe(4);
    expect(snapToDistribution(floatDistribution('x', 0, 1, { step: 0.1 }), 0.349)).toBeCloseTo(0.3);
    expect(snapToDistribution(floatDistribution('x', 0, 1), 5)).toBe(1);
    expect(snapToDistribution(categoricalDistribution('c', ['a', 'b']), 9)).toBe(1);
  });
});
