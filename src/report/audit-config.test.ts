import { describe, expect, it } from 'vitest';
import { isKeelError } from '../core/index.js';
import { decided, gauge, parseAuditConfig } from './audit-config.js';

describe('audit config and thresholds', () => {
  it('holds a value to the config bounds before the section defaults', () => {
    const cfg = parseAuditConfig({ thresholds: { 'performance.accuracy': { min: 0.9 } } });
    const m = { id: 'performance.accuracy', area: 'generalization' as const, value: 0.85, defaults: { min: 0.5 }, what: 'accuracy' };
    expect(gauge({}, m).passed).toBe(true);
    const c = gauge(cfg, m);
    expect(c.passed).toBe(false);
    expect(c.severity).toBe('error');
    expect(c.figures).toMatchObject({ value: 0.85, min: 0.9, max: null });
    expect(c.summary).toContain('fails ≥ 0.9');
    expect(gauge(cfg, { ...m, value: Number.NaN, defaults: {} }).passed).toBe(false);
  });

  it('marks a value without any threshold as not judged, neither pass nor failure', () => {
    const c = gauge({}, { id: 'fairness.demographic_parity_difference', area: 'fairness', value: 0.28, defaults: {}, what: 'largest selection-rate gap' });
    expect(c).toMatchObject({ passed: false, status: 'not_judged' });
    expect(c.summary).toContain('not judged: no threshold');
    expect(gauge({}, { id: 'p.a', area: 'generalization', value: 0.9, defaults: { min: 0.5 }, what: 'a' }).status).toBe('pass');
    expect(gauge({}, { id: 'p.a', area: 'generalization', value: 0.4, defaults: { min: 0.5, severity: 'warning' }, what: 'a' }).status).toBe('warn');
  });

  it('lets the config change the severity of a decided check', () => {
    const cfg = parseAuditConfig({ thresholds: { 'data.outliers': { severity: 'info' } } });
    expect(decided(cfg, { id: 'data.outliers', area: 'data', passed: false, severity: 'warning', summary: 's', figures: {} }).severity).toBe('info');
  });

  it('rejects unknown keys and wrong types with AUDIT_CONFIG', () => {
    for (const bad of [{ thresholds: { a: { minimum: 1 } } }, { failOn: 'info' }, { robustness: { eps: [-1] } }]) {
      let err: unknown;
      try {
        parseAuditConfig(bad);
      } catch (e) {
        err = e;
      }
      expect(isKeelError(err, 'AUDIT_CONFIG')).toBe(true);
    }
  });
});
