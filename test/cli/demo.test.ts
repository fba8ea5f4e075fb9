import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAuditConfig, readAuditReport, type AuditReport } from '../../src/report/index.js';
import { keel } from './run-cli.js';

const AREAS = ['model', 'generalization', 'data', 'interpretability', 'fairness', 'robustness', 'efficiency', 'tuning', 'scale-out'];

/** Runs `keel demo` into a fresh folder and reads what it wrote. */
function demo(args: readonly string[]): { status: number; stdout: string; stderr: string; out: string; report: AuditReport } {
  const out = join(mkdtempSync(join(tmpdir(), 'keel-demo-')), 'keel-demo');
  const r = keel(['demo', '--out', out, ...args], { timeoutMs: 240_000 });
  expect(r.status, r.stderr).toBe(0);
  for (const f of ['audit/report.html', 'audit/report.json', 'train/model.onnx', 'train/history.json', 'tune.db', 'audit.json', 'data/train-x.npy', 'data/test-y.npy']) expect(existsSync(join(out, f)), f).toBe(true);
  // audit.json (the audit's input config) is snake_case like every JSON Keel writes, and reads back.
  expect(readFileSync(join(out, 'audit.json'), 'utf8')).toContain('"not_applicable": {');
  expect(readAuditConfig(join(out, 'audit.json')).notApplicable?.['fairness']).toBeDefined();
  return { ...r, out, report: readAuditReport(join(out, 'audit/report.json'))! };
}

function expectFullAudit(report: AuditReport): void {
  expect(report.areas.map((a) => a.area)).toEqual(AREAS);
  expect(report.passed).toBe(true);
  const status = Object.fromEntries(report.areas.map((a) => [a.area, a.status]));
  // Every area ran except fairness, which says why it does not apply; none failed.
  expect(status['fairness']).toBe('n/a');
  expect(report.areas.find((a) => a.area === 'fairness')?.notRun).toMatch(/^not applicable: .*sensitive/);
  for (const a of AREAS.filter((x) => x !== 'fairness')) expect(['pass', 'warn', 'not judged'], a).toContain(status[a]);
  for (const a of ['model', 'interpretability', 'tuning']) expect(status[a], a).toBe('pass');
  // Latency, memory and worker figures are measured but the demo sets no threshold for them.
  for (const a of ['efficiency', 'scale-out']) expect(status[a], a).toBe('not judged');
  const check = (id: string) => report.checks.find((c) => c.id === id);
  expect(check('performance.accuracy')?.passed).toBe(true);
  expect(check('performance.accuracy')?.figures['value']).toBeGreaterThan(0.9);
  expect(check('fit.diagnosis'), 'the training history fills the fit diagnosis').toBeDefined();
  expect(check('tuning.complete_trials')?.figures['value']).toBeGreaterThanOrEqual(1);
  // The demo sets no robustness threshold: the PGD accuracy is measured and shown, not judged.
  expect(check('robustness.pgd_accuracy')?.status).toBe('not_judged');
  expect(check('robustness.pgd_accuracy')?.figures['value']).toBeGreaterThanOrEqual(0);
  expect(check('explain.sanity_model_randomization')?.passed).toBe(true);
  const figures = report.areas.flatMap((a) => a.figures.map((f) => f.id));
  for (const id of ['learning-curves-loss', 'confusion-matrix', 'reliability-diagram', 'attribution-global', 'example-0-attribution', 'robust-accuracy-eps', 'latency-batch', 'study-history', 'study-trials']) expect(figures, id).toContain(id);
}

describe('keel demo', () => {
  it('tunes, trains and audits on bundled MNIST (--quick), one progress line per stage, trial and epoch', () => {
    const r = demo(['--quick']);
    expectFullAudit(r.report);
    for (const stage of ['[1/4] data', '[2/4] tune: 3 trials', '[3/4] train', '[4/4] audit', '[9/9] scale-out']) expect(r.stderr, stage).toContain(stage);
    expect(r.stderr).toMatch(/trial 3\/3 +(complete|pruned)/);
    expect(r.stderr).toMatch(/epoch +1\/6 +loss/);
    expect(r.stdout.trim().split('\n').at(-1)).toBe(`report: ${join(r.out, 'audit/report.html')}`);
    const html = readFileSync(join(r.out, 'audit/report.html'), 'utf8');
    expect(html).toContain('○ n/a');
    expect(html).toContain('Summary of the nine areas');
  });

  it('runs its default plan on the scikit-learn digits', () => {
    const r = demo(['--dataset', 'digits']);
    expectFullAudit(r.report);
    expect(r.stderr).toContain('[2/4] tune: 10 trials');
    expect(r.stdout).toMatch(/test accuracy 9\d\.\d% on 451 held-out digits/);
  });

  it('rejects an unknown data set as a usage error', () => {
    const r = keel(['demo', '--dataset', 'cifar', '--out', mkdtempSync(join(tmpdir(), 'keel-demo-'))]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--dataset must be one of digits|mnist|sms');
  });
});
