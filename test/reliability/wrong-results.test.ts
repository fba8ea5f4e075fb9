import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { makeTensor, readNpy, writeNpy } from '../../src/io/index.js';
import { dense, flatten, Sequential } from '../../src/nn/index.js';
import { fit } from '../../src/train/index.js';
import { keel } from '../cli/run-cli.js';

const fx = (name: string): string => join(import.meta.dirname, '../fixtures', name);
const ref = (name: string): string => fx(`torch-reference/${name}`);
const dir = mkdtempSync(join(tmpdir(), 'keel-wrong-'));
const at = (name: string): string => join(dir, name);

/** scikit-learn's breast-cancer table: 569 rows, 30 numeric features, last column 0/1. */
const cancer = readFileSync(fx('data/breast_cancer.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
const cancerCsv = (label: (row: string[], i: number) => string): string =>
  [[...Array.from({ length: 30 }, (_, j) => `f${j}`), 'y'].join(','), ...cancer.map((r, i) => [...r.slice(0, 30), label(r, i)].join(','))].join('\n') + '\n';

/** UCI Adult rows (first 600 of the training fixture) with a header. */
const ADULT_HEADER = 'age,workclass,fnlwgt,education,education-num,marital-status,occupation,relationship,race,sex,capital-gain,capital-loss,hours-per-week,native-country,income';
const adult = gunzipSync(readFileSync(fx('adult/adult.data.gz'))).toString('utf8').split('\n').filter((l) => l.split(',').length === 15).slice(0, 600).map((l) => l.replace(/, /g, ','));

function fails(args: readonly string[], code: string): string {
  const r = keel(args, { cwd: dir });
  expect(r.status, r.stderr).toBe(3);
  const lines = r.stderr.trim().split('\n').filter((l) => l.startsWith('keel: '));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^keel: ${code}: `));
  return lines[0]!;
}

describe('training refuses data and runs that give a wrong model', () => {
  it('a target with one class is refused and nothing is written', () => {
    writeFileSync(at('one-class.csv'), cancerCsv(() => 'benign'));
    const line = fails(['train', '--data', 'one-class.csv', '--target', 'y', '--model', 'linear', '--epochs', '1', '--out', 'one'], 'LABELS_SINGLE_CLASS');
    expect(line).toContain('"benign"');
    expect(existsSync(at('one/model.onnx'))).toBe(false);
    expect(existsSync(at('one/labels.json'))).toBe(false);
  });

  it('label 99 on two rows among the digits 0-9 is refused, naming the first row', () => {
    const y = readNpy(ref('cnn_y.npy'));
    const bad = makeTensor('int64', y.shape, Array.from(y.data as BigInt64Array, Number));
    (bad.data)[37] = 99n;
    (bad.data)[120] = 99n; // two rows, so the stratified split does not refuse a singleton first
    writeNpy(at('y99.npy'), bad);
    const line = fails(['train', '--data', ref('cnn_x.npy'), '--labels', 'y99.npy', '--model', 'linear', '--epochs', '1', '--out', 'gap'], 'LABELS_GAP');
    expect(line).toMatch(/label 99 \(first at row 37, 2 row\(s\)\)/);
    expect(existsSync(at('gap/model.onnx'))).toBe(false);
  });

  it('keel train --init checks the labels with the same class-set check: one class, or a label beyond the model\'s classes', () => {
    const y = readNpy(ref('cnn_y.npy'));
    writeNpy(at('y-one.npy'), makeTensor('int64', y.shape, Array.from({ length: y.shape[0] ?? 0 }, () => 3)));
    const one = fails(['train', '--data', ref('cnn_x.npy'), '--labels', 'y-one.npy', '--init', ref('cnn.onnx'), '--epochs', '1', '--out', 'init-one'], 'LABELS_SINGLE_CLASS');
    expect(one).toContain('only the class "3"');
    expect(existsSync(at('init-one/model.onnx'))).toBe(false);
    const wide = makeTensor('int64', y.shape, Array.from(y.data as BigInt64Array, Number));
    wide.data[5] = 10n;
    wide.data[77] = 10n;
    writeNpy(at('y10.npy'), wide);
    const range = fails(['train', '--data', ref('cnn_x.npy'), '--labels', 'y10.npy', '--init', ref('cnn.onnx'), '--epochs', '1', '--out', 'init-range'], 'LABELS_RANGE');
    expect(range).toMatch(/label 10 at row 5 .*10 classes \[0, 9\]/);
  });

  it('the library fit refuses one class and labels outside the network\'s outputs before training', async () => {
    const x = readNpy(ref('cnn_x.npy'));
    const y = readNpy(ref('cnn_y.npy'));
    const net = (): Sequential => new Sequential([flatten(), dense(10)], { seed: 0 });
    const one = makeTensor('int64', y.shape, Array.from({ length: y.shape[0] ?? 0 }, () => 7));
    await expect(fit(net(), x, one, { epochs: 1 })).rejects.toMatchObject({ code: 'LABELS_SINGLE_CLASS', message: expect.stringContaining('only the class "7"') as unknown });
    const wide = makeTensor('int64', y.shape, Array.from(y.data as BigInt64Array, Number));
    wide.data[9] = 12n;
    await expect(fit(net(), x, wide, { epochs: 1 })).rejects.toMatchObject({ code: 'LABELS_RANGE', message: expect.stringMatching(/label 12 at row 9 .*10 classes/) as unknown });
    // The same labels train once they fit the network's class set.
    const ok = await fit(net(), x, y, { epochs: 1 });
    expect(ok.history).toHaveLength(1);
  });

  it('keel train --lr 1e30 stops with LOSS_NOT_FINITE naming epoch and batch; no model is written', () => {
    writeFileSync(at('cancer.csv'), cancerCsv((r) => r[30]!));
    const line = fails(['train', '--data', 'cancer.csv', '--target', 'y', '--model', 'mlp', '--epochs', '3', '--lr', '1e30', '--optimizer', 'sgd', '--out', 'diverged'], 'LOSS_NOT_FINITE');
    expect(line).toMatch(/at epoch \d+, batch \d+/);
    expect(existsSync(at('diverged/model.onnx'))).toBe(false);
  });

  it('keel distill --lr 1e20 stops the same way and leaves no student file', () => {
    const line = fails(['distill', '--teacher', ref('cnn.onnx'), '--student', ref('cnn.onnx'), '--data', ref('cnn_x.npy'), '--labels', ref('cnn_y.npy'), '--lr', '1e20', '--epochs', '2', '--out', 'student.onnx'], 'LOSS_NOT_FINITE');
    expect(line).toMatch(/at epoch \d+, batch \d+/);
    expect(existsSync(at('student.onnx'))).toBe(false);
  });
});

describe('fairness refuses non-finite numbers as keel train does', () => {
  for (const word of ['Infinity', 'NaN']) {
    it(`"${word}" in a numeric column of keel fairness mitigate`, () => {
      const rows = adult.map((l, i) => (i === 41 ? l.replace(/^\d+,/, `${word},`) : l));
      writeFileSync(at(`adult-${word}.csv`), [ADULT_HEADER, ...rows].join('\n') + '\n');
      const line = fails(['fairness', 'mitigate', '--method', 'reweigh', '--data', `adult-${word}.csv`, '--target', 'income', '--positive', '>50K', '--sensitive', 'sex', '--out', `mit-${word}`], 'DATA_NOT_FINITE');
      expect(line).toContain(`row 42, column "age": "${word}"`);
      expect(existsSync(at(`mit-${word}/model.onnx`))).toBe(false);
    });
  }
});

describe('keel check and keel audit say what was judged', () => {
  it('a 2-D .npy table gets the tabular checks: NaN/Inf are missing values, a constant column is found', () => {
    const x = makeTensor('float32', [cancer.length, 30], cancer.flatMap((r) => r.slice(0, 30).map(Number)));
    const y = makeTensor('int64', [cancer.length], cancer.map((r) => Number(r[30])));
    (x.data)[3 * 30 + 2] = Number.NaN;
    (x.data)[10 * 30 + 5] = Number.POSITIVE_INFINITY;
    for (let i = 0; i < cancer.length; i++) (x.data)[i * 30 + 7] = 1;
    writeNpy(at('table-x.npy'), x);
    writeNpy(at('table-y.npy'), y);
    const r = keel(['check', '--data', 'table-x.npy', '--labels', 'table-y.npy', '--json', 'table.json', '--fail-on', 'warning'], { cwd: dir });
    expect(r.status, r.stderr).toBe(1);
    const report = JSON.parse(readFileSync(at('table.json'), 'utf8')) as { checks: { id: string; status: string; summary: string; evidence: { columns: string[]; rows: number[] } }[]; passed: number; not_run: number };
    const check = (id: string) => report.checks.find((c) => c.id === id)!;
    expect(check('missing_values').status).toBe('warn');
    expect(check('missing_values').evidence.columns).toEqual(['x2', 'x5']);
    expect(check('constant_features').evidence.columns).toEqual(['x7']);
    expect(check('outliers').status).not.toBe('not_run');
    expect(JSON.stringify(report)).not.toMatch(/images? decode/);
  });

  it('keel check without --probs/--folds reports label_issues as not run, with the reason, in JSON and HTML', () => {
    writeFileSync(at('cancer.csv'), cancerCsv((r) => r[30]!));
    const r = keel(['check', '--data', 'cancer.csv', '--target', 'y', '--json', 'c.json', '--html', 'c.html'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(at('c.json'), 'utf8')) as { checks: { id: string; passed: boolean; status: string; reason?: string }[]; passed: number; not_run: number };
    const issues = report.checks.find((c) => c.id === 'label_issues')!;
    expect(issues).toMatchObject({ passed: false, status: 'not_run' });
    expect(issues.reason).toMatch(/no predicted probabilities/);
    expect(report.not_run).toBe(report.checks.filter((c) => c.status === 'not_run').length);
    expect(report.passed).toBe(report.checks.filter((c) => c.status === 'pass').length);
    expect(readFileSync(at('c.html'), 'utf8')).toMatch(/label_issues <span class="status [^"]*">– not run<\/span>/);
  });

  it('keel audit shows a fairness gap without a threshold as not judged, and one with a threshold as a failure', () => {
    writeFileSync(at('adult.csv'), [ADULT_HEADER, ...adult].join('\n') + '\n');
    const r = keel(['train', '--data', 'adult.csv', '--target', 'income', '--model', 'linear', '--epochs', '2', '--out', 'audit-model'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    const audit = (config: object, out: string) => {
      writeFileSync(at(`${out}.json`), JSON.stringify(config));
      const a = keel(['audit', '--model', 'audit-model/model.onnx', '--data', 'adult.csv', '--target', 'income', '--sensitive', 'sex', '--config', `${out}.json`, '--out', out, '--quiet'], { cwd: dir });
      return { ...a, report: JSON.parse(readFileSync(at(`${out}/report.json`), 'utf8')) as { passed: boolean; checks: { id: string; status: string; passed: boolean; figures: { value: number } }[]; areas: { area: string; status: string }[] }, html: readFileSync(at(`${out}/report.html`), 'utf8') };
    };
    const open = audit({ sections: ['fairness'] }, 'a1');
    expect(open.status, open.stderr).toBe(0);
    const dp = open.report.checks.find((c) => c.id === 'fairness.demographic_parity_difference')!;
    expect(dp).toMatchObject({ status: 'not_judged', passed: false });
    expect(open.report.areas.find((a) => a.area === 'fairness')!.status).toBe('not judged');
    expect(open.html).toContain('? not judged');
    expect(open.stdout).toMatch(/not judged fairness\.demographic_parity_difference/);
    expect(dp.figures.value).toBeGreaterThan(0.01); // the gap the report used to call a pass
    const gated = audit({ sections: ['fairness'], thresholds: { 'fairness.demographic_parity_difference': { max: dp.figures.value / 2 } } }, 'a2');
    expect(gated.report.checks.find((c) => c.id === 'fairness.demographic_parity_difference')!.status).toBe('fail');
    expect(gated.status).toBe(1);
  });
});
