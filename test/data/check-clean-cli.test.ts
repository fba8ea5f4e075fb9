import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keel } from '../cli/run-cli.js';
import { readSklearnCsv, shuffled, tempDir, writeCsv } from './helpers.js';

interface Report {
  checks: { id: string; passed: boolean; status: string; severity: string; summary: string; evidence: { rows: number[] } }[];
  label_issues: number[];
}

const read = (p: string): Report => JSON.parse(readFileSync(p, 'utf8')) as Report;

describe('keel check / keel clean on CSV (wine, planted problems)', () => {
  const { features, labels, header } = readSklearnCsv('wine_data.csv');
  const order = shuffled(labels.length, 3);
  const row = (i: number): (string | number)[] => [...features[i]!, labels[i]!];
  const train = order.slice(0, 120).map(row);
  const test = order.slice(120).map(row);

  it('exits 1 on planted problems, writes the JSON shape, and exits 0 on the cleaned copy', () => {
    const dir = tempDir();
    const dirty = train.map((r) => [...r]);
    dirty.push([...dirty[7]!], [...dirty[8]!]); // duplicates (warning)
    dirty[3]![1] = ''; // missing (warning)
    const dirtyTest = test.map((r) => [...r]);
    dirtyTest[0] = [...train[50]!]; // leaked into test (error)
    const trainCsv = writeCsv(dir, 'train.csv', [header, ...dirty]);
    const testCsv = writeCsv(dir, 'test.csv', [header, ...dirtyTest]);
    const before = readFileSync(trainCsv, 'utf8');
    const json = join(dir, 'report.json');
    const html = join(dir, 'report.html');
    const r = keel(['check', '--data', trainCsv, '--test', testCsv, '--target', 'label', '--json', json, '--html', html, '--fail-on', 'error']);
    expect(r.status).toBe(1);
    const report = read(json);
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['checks', 'label_issues']));
    for (const c of report.checks) expect(Object.keys(c).sort()).toEqual(['evidence', 'id', 'passed', ...(c.status === 'not_run' ? ['reason'] : []), 'severity', 'status', 'summary']);
    expect(report.checks.filter((c) => c.status === 'fail' || c.status === 'warn').map((c) => c.id).sort()).toEqual(['duplicates', 'missing_values', 'train_test_leakage']);
    expect(report.checks.find((c) => c.id === 'duplicates')!.evidence.rows).toEqual([120, 121]);
    expect(readFileSync(html, 'utf8')).toContain('train_test_leakage');
    // Only warnings would remain without the leak: --fail-on error passes, --fail-on warning fails.
    const noTest = keel(['check', '--data', trainCsv, '--target', 'label', '--json', json]);
    expect(noTest.status).toBe(0);
    expect(keel(['check', '--data', trainCsv, '--target', 'label', '--json', json, '--fail-on', 'warning']).status).toBe(1);

    const out = join(dir, 'train.clean.csv');
    const testOut = join(dir, 'test.clean.csv');
    const review = join(dir, 'review.csv');
    const c = keel(['clean', '--data', trainCsv, '--test', testCsv, '--test-out', testOut, '--out', out, '--review', review, '--target', 'label']);
    expect(c.stderr).toBe('');
    expect(c.status).toBe(0);
    expect(c.stdout).toContain('120/122 rows kept');
    expect(readFileSync(trainCsv, 'utf8')).toBe(before);
    const again = keel(['check', '--data', out, '--test', testOut, '--target', 'label', '--json', json, '--fail-on', 'warning']);
    expect(again.status).toBe(0);
    expect(read(json).checks.filter((x) => x.status !== 'pass').map((x) => [x.id, x.status])).toEqual([['label_issues', 'not_run']]);
  });

  it('finds flipped labels by 5-fold cross-validation of a Keel MLP (--folds)', () => {
    const dir = tempDir();
    const noisy = train.map((r) => [...r]);
    const flipped = [4, 33, 61, 90, 111];
    for (const i of flipped) noisy[i]![header.length - 1] = (Number(noisy[i]!.at(-1)) + 1) % 3;
    const csv = writeCsv(dir, 'noisy.csv', [header, ...noisy]);
    const json = join(dir, 'r.json');
    const r = keel(['check', '--data', csv, '--target', 'label', '--folds', '5', '--seed', '1', '--json', json]);
    expect(r.status).toBe(1); // label_issues is an error-severity check
    const report = read(json);
    const found = report.label_issues.filter((i) => flipped.includes(i));
    expect(found.length).toBeGreaterThanOrEqual(3); // of 5 flips in 120 rows (seeded: 3 found, no false alarm)
    expect(report.label_issues.length).toBeLessThanOrEqual(7);
  });

  it('keel clean refuses to overwrite its input', () => {
    const dir = tempDir();
    const csv = writeCsv(dir, 'a.csv', [header, ...train]);
    const before = readFileSync(csv, 'utf8');
    const r = keel(['clean', '--data', csv, '--out', csv, '--review', join(dir, 'review.csv'), '--target', 'label']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^keel: OUTPUT_IS_INPUT: Refusing to write ".*a\.csv"/);
    expect(readFileSync(csv, 'utf8')).toBe(before);
  });
});

describe('bad input through the CLI: one typed line naming file, line and column', () => {
  const dir = tempDir();
  const cases: [string, string | Buffer, RegExp][] = [
    ['ragged.csv', 'a,b,y\n1,2,x\n3,4,y,5\n', /^keel: CSV_RAGGED_ROW: .*ragged\.csv:3:7: /],
    ['quote.csv', 'a,b,y\n1,2,x\n3,"four,y\n5,6,x\n', /^keel: CSV_UNTERMINATED_QUOTE: .*quote\.csv:3:3: /],
    ['latin1.csv', Buffer.concat([Buffer.from('a,b,y\n1,2,x\n3,caf'), Buffer.from([0xe9]), Buffer.from(',y\n')]), /^keel: CSV_INVALID_UTF8: .*latin1\.csv:3:6: /],
    ['header.csv', 'a,b,y\n', /^keel: CSV_NO_ROWS: .*header\.csv:2:1: /],
    ['one-class.csv', 'a,b,y\n1,2,x\n3,4,x\n', /^keel: TARGET_SINGLE_CLASS: .*one-class\.csv: target column "y" has a single class "x"/],
  ];
  for (const [name, content, pattern] of cases) {
    it(name, () => {
      const p = join(dir, name);
      writeFileSync(p, content);
      const r = keel(['check', '--data', p, '--target', 'y', '--json', join(dir, `${name}.json`)]);
      expect(r.status).toBe(3); // bad data is an error (3), not a failed check (1)
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(pattern);
    });
  }
});
