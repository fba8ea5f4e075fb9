import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanCommand } from '../../src/cli/commands/clean.js';
import { checkCommand } from '../../src/cli/commands/check.js';
import { clean, probabilityMatrix, runChecks } from '../../src/data/index.js';
import { readSklearnCsv, shuffled, tempDir, writeCsv } from './helpers.js';

describe('clean()', () => {
  const { features, labels, header } = readSklearnCsv('wine_data.csv');
  const order = shuffled(labels.length, 3);
  const row = (i: number): (string | number)[] => [...features[i]!, labels[i]!];
  const train = order.slice(0, 120).map(row);
  const test = order.slice(120).map(row);

  it('dedupes, imputes, drops leaked test rows, writes a review and never touches inputs', async () => {
    const dir = tempDir();
    const dirty = train.map((r) => [...r]);
    dirty.push([...dirty[7]!], [...dirty[8]!]);
    dirty[3]![1] = 'NA';
    dirty[9]![0] = '';
    const dirtyTest = test.map((r) => [...r]);
    dirtyTest[0] = [...train[50]!];
    const input = writeCsv(dir, 'train.csv', [header, ...dirty]);
    const testIn = writeCsv(dir, 'test.csv', [header, ...dirtyTest]);
    const before = readFileSync(input, 'utf8');
    const out = join(dir, 'train.clean.csv');
    const testOut = join(dir, 'test.clean.csv');
    const review = join(dir, 'review.csv');
    const lines: string[] = [];
    expect(await cleanCommand({ input, output: out, review, target: 'label', test: testIn, testOutput: testOut }, (l) => lines.push(l))).toBe(0);
    expect(lines[0]).toContain('120/122 rows kept');
    expect(readFileSync(input, 'utf8')).toBe(before);
    const rev = readFileSync(review, 'utf8').trim().split('\n');
    expect(rev[0]).toBe('file,row,line,column,action,old_value,new_value,reason');
    expect(rev.filter((l) => l.includes(',drop_row,'))).toHaveLength(3);
    expect(rev.filter((l) => l.includes(',impute,'))).toHaveLength(2);
    expect(rev.some((l) => l.includes('exact copy of train row 50'))).toBe(true);
    const after = await runChecks({ train: out, test: testOut, target: 'label' });
    expect(after.checks.filter((c) => c.status === 'fail' || c.status === 'warn').map((c) => c.id)).toEqual([]);
  });

  it('relabels label issues found from probabilities', async () => {
    const dir = tempDir();
    const n = train.length;
    const probs = new Float64Array(n * 3);
    train.forEach((r, i) => {
      const y = Number(r[r.length - 1]);
      for (let j = 0; j < 3; j++) probs[i * 3 + j] = j === y ? 0.9 : 0.05;
    });
    const noisy = train.map((r) => [...r]);
    const flipped = [4, 40, 80];
    for (const i of flipped) noisy[i]![header.length - 1] = (Number(noisy[i]![header.length - 1]) + 1) % 3;
    const input = writeCsv(dir, 'noisy.csv', [header, ...noisy]);
    const s = await clean({ input, output: join(dir, 'o.csv'), review: join(dir, 'r.csv'), target: 'label', probs: probabilityMatrix(probs, n, 3), labelIssues: 'relabel' });
    expect(s.labelsChanged).toBe(3);
    const out = readFileSync(join(dir, 'o.csv'), 'utf8').trim().split('\n').slice(1);
    for (const i of flipped) expect(out[i]!.split(',').at(-1)).toBe(String(train[i]!.at(-1)));
  });

  it('refuses to overwrite an input', async () => {
    const dir = tempDir();
    const input = writeCsv(dir, 'a.csv', [['x', 'y'], [1, 0], [2, 1]]);
    await expect(clean({ input, output: input, review: join(dir, 'r.csv') })).rejects.toMatchObject({ code: 'OUTPUT_IS_INPUT' });
    await expect(clean({ input, output: join(dir, '.', 'a.csv'), review: join(dir, 'r.csv') })).rejects.toMatchObject({ code: 'OUTPUT_IS_INPUT' });
  });
});

describe('checkCommand', () => {
  it('writes JSON and escaped self-contained HTML and returns the exit code for --fail-on', async () => {
    const dir = tempDir();
    const evil = '<script>alert(1)</script>';
    const rows = [['a', evil, 'y'], ...Array.from({ length: 40 }, (_, i) => [i, 'k', i % 2])];
    rows.push([...rows[1]!]);
    const data = writeCsv(dir, 'd.csv', rows);
    const json = join(dir, 'r.json');
    const html = join(dir, 'r.html');
    expect(await checkCommand({ data, target: 'y', json, html })).toBe(0);
    expect(await checkCommand({ data, target: 'y', json, html, failOn: 'warning' })).toBe(1);
    const report = JSON.parse(readFileSync(json, 'utf8')) as { checks: { id: string; passed: boolean }[] };
    expect(report.checks.find((c) => c.id === 'duplicates')?.passed).toBe(false);
    const page = readFileSync(html, 'utf8');
    expect(page).not.toContain('<script');
    expect(page).toContain('&#60;script&#62;');
    expect(page).not.toMatch(/(?:src|href)="(?!#)/);
  });

  it('fails with exit 1 on an error-level check and refuses to overwrite inputs', async () => {
    const dir = tempDir();
    const data = writeCsv(dir, 'd.csv', [['a', 'y'], [1, 0], [1, 1], [2, 0], [3, 1]]);
    expect(await checkCommand({ data, target: 'y', json: join(dir, 'r.json') })).toBe(1); // conflicting labels
    await expect(checkCommand({ data, target: 'y', json: data })).rejects.toMatchObject({ code: 'OUTPUT_IS_INPUT' });
  });
});
