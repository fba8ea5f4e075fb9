import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKeelError } from '../core/index.js';
import {
  accuracyScore,
  count,
  falseNegativeRate,
  falsePositiveRate,
  precisionScore,
  selectionRate,
  trueNegativeRate,
  truePositiveRate,
} from './base-metrics.js';
import { bootstrapMetricFrame } from './bootstrap.js';
import { MetricFrame } from './metric-frame.js';
import type { Metric } from './types.js';

const yTrue = [1, 1, 0, 0, 1, 0, 0, 0];
const yPred = [1, 0, 1, 0, 1, 1, 1, 0];
const sex = ['F', 'F', 'F', 'F', 'M', 'M', 'M', 'M'];
const race = ['A', 'B', 'A', 'B', 'A', 'A', 'B', 'B'];

const metrics: Record<string, Metric> = {
  count,
  selectionRate,
  accuracy: accuracyScore,
  tpr: truePositiveRate,
  fpr: falsePositiveRate,
  fnr: falseNegativeRate,
  tnr: trueNegativeRate,
  precision: precisionScore,
};

describe('MetricFrame on a hand-built table', () => {
  const mf = new MetricFrame({ metrics, yTrue, yPred, features: { sex, race }, sensitiveFeatures: 'sex' });

  it('computes overall and by-group values', () => {
    expect(mf.overall.selectionRate).toBeCloseTo(5 / 8);
    expect(mf.value('selectionRate', 'F')).toBeCloseTo(0.5);
    expect(mf.value('selectionRate', 'M')).toBeCloseTo(0.75);
    expect(mf.value('tpr', 'M')).toBeCloseTo(1);
    expect(mf.value('fpr', 'M')).toBeCloseTo(2 / 3);
    expect(mf.value('precision', 'M')).toBeCloseTo(1 / 3);
    expect(mf.value('count', 'F')).toBe(4);
    expect(mf.warnings).toEqual([]);
  });

  it('computes min, max, difference and ratio both ways', () => {
    expect(mf.groupMin().selectionRate).toBeCloseTo(0.5);
    expect(mf.groupMax().selectionRate).toBeCloseTo(0.75);
    expect(mf.difference().selectionRate).toBeCloseTo(0.25);
    expect(mf.ratio().selectionRate).toBeCloseTo(2 / 3);
    expect(mf.difference({ method: 'to_overall' }).selectionRate).toBeCloseTo(0.125);
    expect(mf.ratio({ method: 'to_overall' }).selectionRate).toBeCloseTo(0.8);
  });

  it('names a single metric after its function', () => {
    const one = new MetricFrame({ metrics: selectionRate, yTrue, yPred, features: { sex }, sensitiveFeatures: 'sex' });
    expect(one.metricNames).toEqual(['selectionRate']);
  });

  it('builds intersectional groups, reporting empty combinations', () => {
    const inter = new MetricFrame({
      metrics: { selectionRate },
      yTrue: yTrue.slice(0, 6),
      yPred: yPred.slice(0, 6),
      features: { sex: sex.slice(0, 6), race: race.slice(0, 6) },
      sensitiveFeatures: ['sex', 'race'],
    });
    expect(inter.byGroup.map((g) => [g.group.label, g.count, g.status])).toEqual([
      ['sex=F, race=A', 2, 'ok'],
      ['sex=F, race=B', 2, 'ok'],
      ['sex=M, race=A', 2, 'ok'],
      ['sex=M, race=B', 0, 'empty'],
    ]);
    expect(inter.value('selectionRate', 'sex=M, race=B')).toBeNaN();
    expect(inter.warnings.map((w) => w.code)).toEqual(['EMPTY_GROUP']);
    expect(inter.difference().selectionRate).toBeCloseTo(1 - 0);
  });

  it('compares within control levels', () => {
    const ctl = new MetricFrame({ metrics: { selectionRate }, yTrue, yPred, features: { sex, race }, sensitiveFeatures: 'sex', controlFeatures: 'race' });
    // race A: F rows 0,2 -> SR 1; M rows 4,5 -> SR 1. race B: F rows 1,3 -> 0; M rows 6,7 -> 0.5
    expect(ctl.value('selectionRate', 'F', 'B')).toBeCloseTo(0);
    expect(ctl.value('selectionRate', 'M', 'B')).toBeCloseTo(0.5);
    expect(ctl.overallByControl.get('B')!.selectionRate).toBeCloseTo(0.25);
    expect(ctl.difference().selectionRate).toBeCloseTo(0.5);
    expect(ctl.ratio().selectionRate).toBeCloseTo(0);
  });

  it('takes the sensitive and control features as arrays, as Fairlearn does, with the same results', () => {
    const arr = new MetricFrame({ metrics, yTrue, yPred, sensitiveFeatures: sex });
    expect(arr.sensitive.features).toEqual(['sensitive_feature_0']);
    expect(arr.byGroup.map((g) => g.group.label)).toEqual(['F', 'M']);
    expect(arr.byGroup.map((g) => g.values)).toEqual(mf.byGroup.map((g) => g.values));
    expect(arr.difference()).toEqual(mf.difference());
    const inter = new MetricFrame({ metrics: { selectionRate }, yTrue, yPred, sensitiveFeatures: { sex, race } });
    const named = new MetricFrame({ metrics: { selectionRate }, yTrue, yPred, features: { sex, race }, sensitiveFeatures: ['sex', 'race'] });
    expect(inter.byGroup).toEqual(named.byGroup);
    const ctl = new MetricFrame({ metrics: { selectionRate }, yTrue, yPred, sensitiveFeatures: sex, controlFeatures: race });
    expect(ctl.value('selectionRate', 'M', 'B')).toBeCloseTo(0.5);
    expect(ctl.difference().selectionRate).toBeCloseTo(0.5);
    const boot = bootstrapMetricFrame(arr, { nBootstrap: 20, seed: 1 });
    expect(Object.keys(boot.byGroup)).toEqual(['F', 'M']);
  });

  it('refuses a column name without a features table, and values alongside one', () => {
    expect(() => new MetricFrame({ metrics, yTrue, yPred, sensitiveFeatures: 'sex' })).toThrowError(expect.objectContaining({ code: 'NO_FEATURE_TABLE' }) as Error);
    expect(() => new MetricFrame({ metrics, yTrue, yPred, features: { sex }, sensitiveFeatures: [1, 0, 1, 0, 1, 0, 1, 0] })).toThrowError(expect.objectContaining({ code: 'FEATURES_AMBIGUOUS' }) as Error);
  });
});

describe('group policy and bad input', () => {
  const code = (fn: () => unknown): string | undefined => {
    try {
      fn();
    } catch (e) {
      return isKeelError(e) ? e.code : 'other';
    }
    return undefined;
  };

  it('rejects a sensitive column that does not exist, naming the available ones', () => {
    let message = '';
    try {
      new MetricFrame({ metrics, yTrue, yPred, features: { sex }, sensitiveFeatures: 'gender' });
    } catch (e) {
      expect(isKeelError(e, 'COLUMN_NOT_FOUND')).toBe(true);
      message = (e as Error).message;
    }
    expect(message).toContain('Available columns: sex');
  });

  it('reports a declared group with zero members, or throws when asked to', () => {
    const opts = { metrics: { selectionRate }, yTrue, yPred, features: { sex }, sensitiveFeatures: 'sex', categories: { sex: ['F', 'M', 'X'] } };
    const mf = new MetricFrame(opts);
    expect(mf.byGroup.find((g) => g.group.label === 'X')!.status).toBe('empty');
    expect(mf.warnings.map((w) => [w.code, w.group])).toEqual([['EMPTY_GROUP', 'X']]);
    expect(mf.difference().selectionRate).toBeCloseTo(0.25);
    expect(code(() => new MetricFrame({ ...opts, emptyGroups: 'error' }))).toBe('EMPTY_GROUP');
  });

  it('flags small groups and can exclude them from comparisons', () => {
    const s = ['F', 'F', 'F', 'F', 'F', 'F', 'F', 'M'];
    const base = { metrics: { selectionRate }, yTrue, yPred, features: { s }, sensitiveFeatures: 's', minGroupSize: 2 };
    const inc = new MetricFrame(base);
    expect(inc.warnings.map((w) => w.code)).toEqual(['SMALL_GROUP']);
    expect(inc.difference().selectionRate).toBeCloseTo(5 / 7);
    const exc = new MetricFrame({ ...base, smallGroups: 'exclude' });
    expect(exc.difference().selectionRate).toBe(0);
    expect(code(() => new MetricFrame({ ...base, smallGroups: 'error' }))).toBe('SMALL_GROUP');
  });

  it('reports undefined metrics instead of dividing by zero', () => {
    const mf = new MetricFrame({ metrics: { tpr: truePositiveRate }, yTrue: [0, 0, 1, 1], yPred: [1, 0, 1, 0], features: { g: ['a', 'a', 'b', 'b'] }, sensitiveFeatures: 'g' });
    expect(mf.value('tpr', 'a')).toBeNaN();
    expect(mf.warnings.map((w) => w.code)).toEqual(['UNDEFINED_METRIC']);
    expect(mf.difference().tpr).toBe(0);
    expect(mf.ratio().tpr).toBe(1);
  });

  it('rejects probabilities and non-binary labels, and a length mismatch', () => {
    expect(code(() => new MetricFrame({ metrics, yTrue, yPred: yPred.map((v) => v * 0.9), features: { sex }, sensitiveFeatures: 'sex' }))).toBe('PREDICTIONS_ARE_PROBABILITIES');
    expect(code(() => new MetricFrame({ metrics: { tpr: truePositiveRate }, yTrue: [0, 1, 2, 0], yPred: [0, 1, 2, 2], features: { g: ['a', 'a', 'b', 'b'] }, sensitiveFeatures: 'g' }))).toBe('LABELS_NOT_BINARY');
    expect(code(() => new MetricFrame({ metrics, yTrue, yPred, features: { sex: ['F'] }, sensitiveFeatures: 'sex' }))).toBe('LENGTH_MISMATCH');
  });
});

describe('oracle: by-group values equal the metric on the masked subset', () => {
  const row = fc.record({
    y: fc.integer({ min: 0, max: 1 }),
    p: fc.integer({ min: 0, max: 1 }),
    a: fc.constantFrom('a', 'b', 'c'),
    b: fc.constantFrom(0, 1),
    w: fc.double({ min: 0, max: 5, noNaN: true }),
  });

  it('holds for every metric, one or two sensitive features, with and without weights', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 40 }), fc.boolean(), fc.boolean(), (rows, two, weighted) => {
        const y = rows.map((r) => r.y), p = rows.map((r) => r.p), w = rows.map((r) => r.w);
        const features = { a: rows.map((r) => r.a), b: rows.map((r) => r.b) };
        const mf = new MetricFrame({ metrics, yTrue: y, yPred: p, features, sensitiveFeatures: two ? ['a', 'b'] : 'a', sampleWeight: weighted ? w : undefined });
        for (const g of mf.byGroup) {
          const mask = rows.map((_, i) => Object.entries(g.group.key).every(([f, v]) => features[f as 'a' | 'b'][i] === v));
          const pick = <T>(xs: T[]): T[] => xs.filter((_, i) => mask[i]);
          expect(g.count).toBe(pick(y).length);
          for (const [name, m] of Object.entries(metrics)) {
            const expected = g.count === 0 ? Number.NaN : m(pick(y), pick(p), weighted ? { sampleWeight: pick(w) } : {});
            expect(Object.is(g.values[name], expected) || Math.abs(g.values[name]! - expected) < 1e-12).toBe(true);
          }
        }
        for (const [name, m] of Object.entries(metrics)) {
          const o = m(y, p, weighted ? { sampleWeight: w } : {});
          expect(Object.is(mf.overall[name], o) || Math.abs(mf.overall[name]! - o) < 1e-12).toBe(true);
        }
        const vals = mf.byGroup.filter((g) => g.count > 0).map((g) => g.values.selectionRate!).filter((v) => !Number.isNaN(v));
        if (vals.length > 0) expect(mf.difference().selectionRate).toBeCloseTo(Math.max(...vals) - Math.min(...vals), 12);
      }),
      { numRuns: 150, seed: 7 },
    );
  });
});

describe('bootstrapMetricFrame', () => {
  it('gives reproducible intervals that contain the point estimate', () => {
    const n = 400;
    const rand = (i: number): number => ((i * 2654435761) % 1000) / 1000;
    const g = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'a' : 'b'));
    const y = Array.from({ length: n }, (_, i) => (rand(i) < 0.4 ? 1 : 0));
    const p = Array.from({ length: n }, (_, i) => (rand(i + 7) < (g[i] === 'a' ? 0.3 : 0.6) ? 1 : 0));
    const mf = new MetricFrame({ metrics: { selectionRate }, yTrue: y, yPred: p, features: { g }, sensitiveFeatures: 'g' });
    const ci = bootstrapMetricFrame(mf, { nBootstrap: 100, seed: 3 });
    const again = bootstrapMetricFrame(mf, { nBootstrap: 100, seed: 3 });
    expect(ci).toEqual(again);
    const d = mf.difference().selectionRate!;
    expect(ci.difference.selectionRate!.lower).toBeLessThanOrEqual(d);
    expect(ci.difference.selectionRate!.upper).toBeGreaterThanOrEqual(d);
    expect(ci.byGroup.a!.selectionRate!.lower).toBeLessThan(ci.byGroup.a!.selectionRate!.upper);
    expect(ci.overall.selectionRate!.upper - ci.overall.selectionRate!.lower).toBeLessThan(0.2);
  });
});
