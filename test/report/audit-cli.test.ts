import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/report/index.js';
import { keel } from '../cli/run-cli.js';
import { FIXTURES } from './hostile-data.js';

const meta = JSON.parse(readFileSync(join(FIXTURES, 'meta.json'), 'utf8')) as { attack: { eps: number; clean_accuracy: number; pgd_steps: number; pgd_step_size: number; pgd_accuracy: number } };
const a = meta.attack;
const base = ['audit', '--model', join(FIXTURES, 'cnn.onnx'), '--data', join(FIXTURES, 'cnn_x.npy'), '--labels', join(FIXTURES, 'cnn_y.npy')];
// The PyTorch reference attack: PGD, ε = 0.1, 20 steps of 0.02, no random start, clipped to [0, 1].
const robustness = { eps: [a.eps], steps: a.pgd_steps, stepSize: a.pgd_step_size, clip: [0, 1] };

function audit(config: object): { status: number; stdout: string; stderr: string; report: AuditReport; html: string } {
  const dir = mkdtempSync(join(tmpdir(), 'keel-audit-'));
  writeFileSync(join(dir, 'audit.json'), JSON.stringify(config));
  const r = keel([...base, '--config', join(dir, 'audit.json'), '--out', join(dir, 'out')]);
  const report = JSON.parse(readFileSync(join(dir, 'out/report.json'), 'utf8')) as AuditReport;
  return { ...r, report, html: readFileSync(join(dir, 'out/report.html'), 'utf8') };
}

const byId = (r: AuditReport, id: string) => r.checks.find((c) => c.id === id);

describe('keel audit on the PyTorch digits CNN', () => {
  it('passes every threshold it meets, matches the reference numbers and exits 0', () => {
    const r = audit({ thresholds: { 'performance.accuracy': { min: 0.95 }, 'robustness.pgd_accuracy': { min: 0.45 } }, robustness });
    expect(r.stderr).toContain('[9/9] scale-out');
    expect(r.status, r.stderr).toBe(0);
    expect(r.report.passed).toBe(true);
    expect(r.report.areas.map((x) => x.area)).toEqual(['model', 'generalization', 'data', 'interpretability', 'fairness', 'robustness', 'efficiency', 'tuning', 'scale-out']);
    for (const c of r.report.checks) {
      expect([typeof c.id, typeof c.area, typeof c.passed, typeof c.severity, typeof c.figures]).toEqual(['string', 'string', 'boolean', 'string', 'object']);
      expect(c.id.length).toBeGreaterThan(0);
      expect(c.status).not.toBe('fail');
    }
    expect(byId(r.report, 'performance.accuracy')?.figures['value']).toBeCloseTo(a.clean_accuracy, 5);
    // Same attack as PyTorch; the float32 ties of sign(∇) may flip a row or two.
    expect(Math.abs((byId(r.report, 'robustness.pgd_accuracy')?.figures['value'] as number) - a.pgd_accuracy)).toBeLessThanOrEqual(0.015);
    expect(r.report.areas.find((x) => x.area === 'fairness')?.status).toBe('not run');
    expect(byId(r.report, 'explain.sanity_model_randomization')?.passed).toBe(true);
    expect(r.html).toContain('Summary of the nine areas');
    expect(r.html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it('fails exactly the checks whose thresholds the model misses and exits 1', () => {
    const r = audit({
      sections: ['performance', 'robustness'],
      thresholds: { 'performance.accuracy': { min: 0.99 }, 'performance.ece': { max: 0.5 }, 'robustness.pgd_accuracy': { min: 0.6 }, 'robustness.corruption_accuracy': { min: 0.2, severity: 'warning' } },
      robustness,
    });
    expect(r.status).toBe(1);
    expect(r.report.passed).toBe(false);
    expect(r.report.checks.filter((c) => c.status === 'fail' || c.status === 'warn').map((c) => c.id).sort()).toEqual(['performance.accuracy', 'robustness.pgd_accuracy']);
    expect(r.stdout).toContain('gate: failed');
    expect(r.report.areas.find((x) => x.area === 'generalization')?.status).toBe('fail');
    expect(r.report.areas.find((x) => x.area === 'data')?.status).toBe('not run');
  });

  it('fails on warnings with failOn: warning (digits have constant corner pixels)', () => {
    const r = audit({ sections: ['data'], failOn: 'warning' });
    expect(byId(r.report, 'data.constant_features')?.passed).toBe(false);
    expect(r.status).toBe(1);
    const ok = audit({ sections: ['data'], failOn: 'warning', thresholds: { 'data.constant_features': { severity: 'info' }, 'data.outliers': { severity: 'info' } } });
    expect(ok.status, ok.stdout).toBe(0);
  });

  it('rejects a config with an unknown key as a usage error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-audit-'));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ treshold: {} }));
    const r = keel([...base, '--config', join(dir, 'bad.json'), '--out', join(dir, 'out')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('AUDIT_CONFIG');
  });
});
