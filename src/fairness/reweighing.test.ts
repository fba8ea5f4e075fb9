import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKeelError } from '../core/index.js';
import { reweighing } from './reweighing.js';

describe('reweighing', () => {
  it('matches hand-computed factors', () => {
    // F: 1 positive of 4; M: 3 positives of 4. P(F)=P(M)=1/2, P(y=1)=1/2.
    const y = [1, 0, 0, 0, 1, 1, 1, 0];
    const sex = ['F', 'F', 'F', 'F', 'M', 'M', 'M', 'M'];
    const { weights, cells } = reweighing(y, { features: { sex }, sensitiveFeatures: 'sex' });
    // w(F,1) = (1/2·1/2)/(1/8) = 2; w(F,0) = (1/4)/(3/8) = 2/3
    expect(Array.from(weights)).toEqual([2, 2 / 3, 2 / 3, 2 / 3, 2 / 3, 2 / 3, 2 / 3, 2].map((v) => expect.closeTo(v, 12) as unknown as number));
    expect(cells.find((c) => c.group === 'F' && c.label === 1)!.factor).toBeCloseTo(2);
  });

  it('preserves total weight and equalises weighted label rates (property)', () => {
    const row = fc.record({ y: fc.constantFrom(0, 1), g: fc.constantFrom('a', 'b', 'c'), w: fc.double({ min: 0.1, max: 3, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(row, { minLength: 2, maxLength: 60 }), fc.boolean(), (rows, weighted) => {
        const y = rows.map((r) => r.y), g = rows.map((r) => r.g), w0 = rows.map((r) => (weighted ? r.w : 1));
        // Every group present must contain both labels, otherwise reweighing must refuse.
        const groups = [...new Set(g)];
        const complete = groups.every((k) => new Set(y.filter((_, i) => g[i] === k)).size === new Set(y).size);
        let res;
        try {
          res = reweighing(y, { features: { g }, sensitiveFeatures: 'g', sampleWeight: weighted ? w0 : undefined });
        } catch (e) {
          expect(complete).toBe(false);
          expect(isKeelError(e, 'EMPTY_CELL')).toBe(true);
          return;
        }
        expect(complete).toBe(true);
        const total0 = w0.reduce((a, b) => a + b, 0);
        const total = res.weights.reduce((a, b) => a + b, 0);
        expect(total).toBeCloseTo(total0, 9);
        const overall = y.reduce<number>((s, v, i) => s + v * w0[i]!, 0) / total0;
        for (const k of groups) {
          let pos = 0, all = 0;
          y.forEach((v, i) => {
            if (g[i] !== k) return;
            pos += v * res.weights[i]!;
            all += res.weights[i]!;
          });
          expect(pos / all).toBeCloseTo(overall, 9);
        }
      }),
      { numRuns: 200, seed: 11 },
    );
  });
});
