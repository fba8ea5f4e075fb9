import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkData, dataCheckDocument } from './index.js';

describe('checkData', () => {
  it('runs the table checks and counts them by status in the data-check document', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-check-data-'));
    const data = join(dir, 'd.csv');
    // Row 1 and row 2 share their features but not their label: an error-level conflict.
    writeFileSync(data, 'a,y\n1,0\n1,1\n2,0\n3,1\n');
    const report = await checkData({ data, target: 'y' });
    const doc = dataCheckDocument({ data, target: 'y' }, report);
    expect(doc).toMatchObject({ keel: 'data-check/1', train: data, test: null, target: 'y', label_issues: [] });
    const statuses = report.checks.map((c) => c.status);
    expect(doc['passed']).toBe(statuses.filter((s) => s === 'pass').length);
    expect(doc['failed']).toBe(statuses.filter((s) => s === 'fail' || s === 'warn').length);
    expect(doc['not_run']).toBe(statuses.filter((s) => s === 'not_run').length);
    expect(report.checks.find((c) => c.id === 'conflicting_labels')?.status).toBe('fail');
    expect('files' in doc).toBe(false);
  });

  it('asks for the label column of a table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-check-data-'));
    writeFileSync(join(dir, 'd.csv'), 'a,y\n1,0\n');
    await expect(checkData({ data: join(dir, 'd.csv') })).rejects.toMatchObject({ code: 'TARGET_REQUIRED' });
  });
});
