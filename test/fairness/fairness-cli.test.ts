import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { keel } from '../cli/run-cli.js';

const COLS = 'age,workclass,fnlwgt,education,education-num,marital-status,occupation,relationship,race,sex,capital-gain,capital-loss,hours-per-week,native-country,income';
const tmp = mkdtempSync(join(tmpdir(), 'keel-fair-cli-'));
const at = (f: string): string => join(tmp, f);
const fx = (f: string): string => join(import.meta.dirname, '../fixtures', f);

/** Adult rows without the test file's banner and trailing dots. */
function adultLines(file: string, count: number): string[] {
  return gunzipSync(readFileSync(fx(`adult/${file}`))).toString('utf8').split('\n')
    .filter((l) => l.split(',').length === 15).slice(0, count).map((l) => l.replace(/\.$/, '').replace(/, /g, ','));
}

function expectOneLineError(r: { status: number; stderr: string }, code: string, status = 3): void {
  expect(r.status, r.stderr).toBe(status);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(code);
}

const json = (f: string): unknown => JSON.parse(readFileSync(f, 'utf8'));
interface Report { overall: Record<string, number | null>; by_group: Record<string, Record<string, { count: number; selection_rate: number | null }>>; demographic_parity_difference: Record<string, number>; equalized_odds_difference: Record<string, number>; confidence_intervals: Record<string, Record<string, { lower: number; upper: number }>> }

describe('keel fairness on an Adult sample', () => {
  beforeAll(() => {
    writeFileSync(at('train.csv'), `${adultLines('adult.data.gz', 2500).join('\n')}\n`); // header-less, as UCI ships it
    const test = adultLines('adult.test.gz', 1500);
    writeFileSync(at('test.csv'), `${COLS}\n${test.join('\n')}\n`);
    writeFileSync(at('test-nohdr.csv'), `${test.join('\n')}\n`);
    writeFileSync(at('test-men.csv'), `${COLS}\n${test.filter((l) => l.includes(',Male,')).join('\n')}\n`);
  });
  const base = ['--target', 'income', '--sensitive', 'sex', '--positive', '>50K'];

  it('mitigate --method threshold writes model, preprocessing, thresholds and trade-off; evaluation shows the cut', () => {
    const r = keel(['fairness', 'mitigate', '--method', 'threshold', '--data', at('train.csv'), '--columns', COLS, ...base, '--test', at('test-nohdr.csv'), '--out', at('thr'), '--epochs', '3'], { cwd: tmp });
    expect(r.status, r.stderr).toBe(0);
    const model = at('thr/model.onnx');
    expect((json(at('thr/preprocess.json')) as { columns: unknown[] }).columns.length).toBe(14); // every column but the target
    const ev = (extra: string[], out: string): Report => {
      const e = keel(['fairness', '--data', at('test.csv'), ...base, '--model', model, '--json', at(out), ...extra]);
      expect(e.status, e.stderr).toBe(0);
      return json(at(out)) as Report;
    };
    const before = ev([], 'before.json'), after = ev(['--thresholds', at('thr/thresholds.json'), '--html', at('after.html')], 'after.json');
    expect(Object.keys(before.by_group['sex']!).sort()).toEqual(['Female', 'Male']);
    expect(before.by_group['sex']!['Female']!.count + before.by_group['sex']!['Male']!.count).toBe(1500);
    expect(before.demographic_parity_difference['sex']).toBeGreaterThan(0.1);
    expect(after.demographic_parity_difference['sex']).toBeLessThan(0.5 * before.demographic_parity_difference['sex']!);
    const ci = after.confidence_intervals['sex']!['demographic_parity_difference']!;
    expect(ci.lower).toBeLessThanOrEqual(after.demographic_parity_difference['sex']!);
    const trade = json(at('thr/tradeoff.json')) as { points: unknown[] };
    expect(trade.points.length).toBeGreaterThan(5);
    expect(readFileSync(at('thr/tradeoff.svg'), 'utf8')).toContain('<svg');
    // --html with --model: the trade-off group thresholds reach on the model's scores, with the
    // thresholded model's own point at the report's accuracy and demographic parity difference.
    const page = readFileSync(at('after.html'), 'utf8');
    expect(page).toContain('id="fig-f0-tradeoff"');
    const own = /<title>this model: ([\d.]+), ([\d.]+)<\/title>/.exec(page);
    expect(Number(own?.[1])).toBeCloseTo(after.demographic_parity_difference['sex']!, 2);
    expect(Number(own?.[2])).toBeCloseTo(after.overall['accuracy']!, 2);
  });

  it('mitigate --method reduction exports the randomized mixture as one ONNX model', () => {
    const r = keel(['fairness', 'mitigate', '--method', 'reduction', '--data', at('train.csv'), '--columns', COLS, ...base, '--out', at('red'), '--hidden', '0', '--epochs', '2']);
    expect(r.status, r.stderr).toBe(0);
    expect((json(at('red/preprocess.json')) as { output: string }).output).toBe('probability');
    const e = keel(['fairness', '--data', at('test.csv'), ...base, '--model', at('red/model.onnx'), '--json', at('red.json'), '--bootstrap', '0']);
    expect(e.status, e.stderr).toBe(0);
    expect((json(at('red.json')) as Report).demographic_parity_difference['sex']).toBeLessThan(0.1);
  });

  it('a group of the training data with no rows in the evaluated data is a one-line error (or null with --allow-empty-groups)', () => {
    const args = ['fairness', '--data', at('test-men.csv'), ...base, '--model', at('thr/model.onnx'), '--json', at('men.json'), '--bootstrap', '0'];
    expectOneLineError(keel(args), 'EMPTY_GROUP');
    const ok = keel([...args, '--allow-empty-groups']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stderr).toContain('warning');
    expect((json(at('men.json')) as Report).by_group['sex']!['Female']!.selection_rate).toBeNull();
    expectOneLineError(keel(['fairness', 'mitigate', '--method', 'reweigh', '--data', at('test.csv'), ...base, '--test', at('test-men.csv'), '--out', at('x')]), 'EMPTY_GROUP');
  });
});

describe('keel fairness with a predictions column', () => {
  const evil = '<script>alert(1)</script>';
  beforeAll(() => {
    const rows = Array.from({ length: 40 }, (_, i) => [i % 3 === 0 ? 'yes' : 'no', i % 2 === 0 ? 'yes' : 'no', i < 20 ? evil : 'B&B', (i / 40).toFixed(3), i % 5].join(','));
    writeFileSync(at('pred.csv'), `label,pred,"${evil}",score,multi\n${rows.join('\n')}\n`);
  });
  const args = (...extra: string[]): string[] => ['fairness', '--data', at('pred.csv'), '--target', 'label', '--predictions', 'pred', '--json', at('p.json'), ...extra];

  it('writes by_group, the disparities and a self-contained HTML that escapes user strings', () => {
    const r = keel(args('--sensitive', evil, '--positive', 'yes', '--html', at('p.html')));
    expect(r.status, r.stderr).toBe(0);
    const rep = json(at('p.json')) as Report;
    expect(rep.by_group[evil]![evil]!.count).toBe(20);
    expect(rep.by_group[evil]!['B&B']!.selection_rate).toBeCloseTo(0.5);
    expect(rep.equalized_odds_difference[evil]).toBeGreaterThanOrEqual(0);
    const html = readFileSync(at('p.html'), 'utf8');
    expect(html).not.toContain('<script');
    expect(html).toContain('&#60;script&#62;');
    expect(html).not.toMatch(/(?:src|href)="(?!#)/);
    expect(html).toContain('The accuracy/disparity trade-off needs the model&#39;s scores: pass --model M.onnx instead of --predictions.');
  });

  it('bad input: one-line errors', () => {
    expectOneLineError(keel(args('--sensitive', 'gender', '--positive', 'yes')), 'COLUMN_NOT_FOUND', 2);
    expectOneLineError(keel(args('--sensitive', evil)), 'POS_LABEL_REQUIRED', 2);
    expectOneLineError(keel(['fairness', '--data', at('pred.csv'), '--target', 'multi', '--predictions', 'pred', '--sensitive', evil, '--json', at('p.json')]), 'LABELS_NOT_BINARY', 2);
    expectOneLineError(keel(['fairness', '--data', at('pred.csv'), '--target', 'label', '--positive', 'yes', '--predictions', 'score', '--sensitive', evil, '--json', at('p.json')]), 'PREDICTIONS_ARE_PROBABILITIES', 2);
    expectOneLineError(keel(args('--sensitive', evil, '--positive', 'yes', '--model', fx('torch-reference/tab.onnx'))), 'CLI_OPTION', 2);
    expectOneLineError(keel(['fairness', '--data', at('pred.csv'), '--target', 'label', '--positive', 'yes', '--sensitive', evil, '--model', fx('torch-reference/tab.onnx'), '--json', at('p.json')]), 'MODEL_INPUT_MISMATCH');
  });
});
