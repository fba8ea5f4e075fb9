import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/report/index.js';
import { keel } from '../cli/run-cli.js';
import { FIXTURES, HOSTILE, expectInert, writeHostileCsv } from './hostile-data.js';

describe('audit report with hostile column names and category values', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keel-hostile-'));
  const csv = writeHostileCsv(dir);

  it('writes a report where every user string is text', () => {
    const out = join(dir, 'out');
    const r = keel(['audit', '--model', join(FIXTURES, 'tab.onnx'), '--data', csv, '--target', 'diagnosis', '--sensitive', 'group', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as AuditReport;
    // The strings survive untouched in the JSON (data, not markup) ...
    const json = JSON.stringify(report);
    expect(json).toContain(JSON.stringify(HOSTILE.script).slice(1, -1));
    expect(report.areas.find((a) => a.area === 'fairness')?.status).not.toBe('not run');
    expect(report.areas.find((a) => a.area === 'robustness')?.checks.map((c) => c.id)).toContain('robustness.perturbation_accuracy');
    // ... and are escaped in the HTML, which also forbids scripts by its CSP.
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expectInert(html);
    expect(html).toContain(`Content-Security-Policy" content="default-src &#39;none&#39;`);
  });
});
