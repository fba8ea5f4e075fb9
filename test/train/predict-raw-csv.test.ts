import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readNpy } from '../../src/io/index.js';
import { loadOnnx } from '../../src/onnx/index.js';
import { Session } from '../../src/runtime/index.js';
import { predictBatched } from '../../src/train/index.js';
import { loadDataset, readCsv, type PreprocessorSpec } from '../../src/data/index.js';
import { keel } from '../cli/run-cli.js';

/** Real data: 1000 rows of UCI Adult with text columns (see test/fixtures/train/README.md). */
const adult = join(import.meta.dirname, '../fixtures/train/adult-1000.csv');
const tmp = mkdtempSync(join(tmpdir(), 'keel-predict-csv-'));
const out = join(tmp, 'run');
const lines = readFileSync(adult, 'utf8').trim().split('\n');
const header = lines[0]!.split(',');

/** Rows of the Adult file without the income column, columns in reverse order (found by name). */
function rawCsv(name: string, first: number, count: number, edit?: (cells: string[], i: number) => void, drop = ['income']): string {
  const keep = header.map((h, j) => [h, j] as const).filter(([h]) => !drop.includes(h)).reverse();
  const rows = lines.slice(first, first + count).map((l, i) => {
    const cells = l.split(',');
    edit?.(cells, i);
    return keep.map(([, j]) => cells[j]).join(',');
  });
  const p = join(tmp, name);
  writeFileSync(p, [keep.map(([h]) => h).join(','), ...rows].join('\n') + '\n');
  return p;
}

function expectOneLineError(r: { status: number; stderr: string }, code: string, status: number, ...parts: string[]): void {
  expect(r.status, r.stderr).toBe(status);
  const msg = r.stderr.trim().split('\n');
  expect(msg).toHaveLength(1);
  for (const p of [code, ...parts]) expect(msg[0]).toContain(p);
}

describe('keel predict on raw CSV rows applies the preprocessing fitted at training time', () => {
  beforeAll(() => {
    const r = keel(['train', '--data', adult, '--target', 'income', '--model', 'mlp', '--epochs', '3', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
  });

  it('saves standardization and one-hot encodings fitted on the training rows only', async () => {
    const pre = JSON.parse(readFileSync(join(out, 'preprocess.json'), 'utf8')) as PreprocessorSpec;
    const { rows } = await loadDataset({ data: adult, target: 'income' }, 0.1, 0);
    const ages = lines.slice(1).map((l) => Number(l.split(',')[0]));
    const trainMean = Array.from(rows.train, (i) => ages[i]!).reduce((a, b) => a + b, 0) / rows.train.length;
    const allMean = ages.reduce((a, b) => a + b, 0) / ages.length;
    const age = pre.columns.find((c) => c.name === 'age');
    expect(age?.kind === 'numeric' ? age.mean : NaN).toBeCloseTo(trainMean, 9);
    expect(Math.abs(trainMean - allMean)).toBeGreaterThan(1e-6);
    expect(pre.task).toBe('classification');
  });

  it('predictions on raw rows (reordered columns, no target) equal the in-process model on the training-time features', async () => {
    const raw = rawCsv('raw.csv', 801, 200);
    const npy = join(tmp, 'preds.npy');
    const csvOut = join(tmp, 'preds.csv');
    expect(keel(['predict', '--model', join(out, 'model.onnx'), '--data', raw, '--out', npy]).status).toBe(0);
    const r = keel(['predict', '--model', join(out, 'model.onnx'), '--data', raw, '--out', csvOut]);
    expect(r.status, r.stderr).toBe(0);
    // In process: the preprocessor fitted again from the training split (independent of preprocess.json), applied to the same rows of the original file.
    const { train } = await loadDataset({ data: adult, target: 'income' }, 0.1, 0);
    const csv = await readCsv(adult);
    const t = train.preprocessor!.transform({ ...csv, rows: csv.rows.slice(800, 1000) });
    const session = await Session.create((await loadOnnx(join(out, 'model.onnx'))).graph);
    const want = await predictBatched(session, { dtype: 'float32', shape: [200, t.width], data: t.x });
    await session.release();
    const got = readNpy(npy);
    expect(got.shape).toEqual([200, 2]);
    let diff = 0;
    for (let i = 0; i < got.data.length; i++) diff = Math.max(diff, Math.abs(Number(got.data[i]) - Number(want.data[i])));
    expect(diff).toBeLessThan(1e-5);
    const table = readFileSync(csvOut, 'utf8').trim().split('\n');
    expect(table[0]).toBe('prediction,p_<=50K,p_>50K');
    expect(table).toHaveLength(201);
    const w = want.data as Float32Array;
    table.slice(1).forEach((line, i) => {
      const [label, p0, p1] = line.split(',');
      expect(label).toBe(w[2 * i + 1]! > w[2 * i]! ? '>50K' : '<=50K');
      expect(Number(p0) + Number(p1)).toBeCloseTo(1, 5);
    });
    const labels = csv.rows.slice(800, 1000).map((row) => row[header.indexOf('income')]);
    const correct = table.slice(1).filter((l, i) => l.split(',')[0] === labels[i]).length;
    expect(correct / 200).toBeGreaterThan(0.75);
  });

  it('an unseen category is a typed error naming file, row and column', () => {
    const raw = rawCsv('unseen.csv', 1, 10, (cells, i) => {
      if (i === 2) cells[header.indexOf('workclass')] = 'Space-force';
    });
    expectOneLineError(keel(['predict', '--model', join(out, 'model.onnx'), '--data', raw]), 'CATEGORY_UNSEEN', 3, 'unseen.csv', 'row 3', 'column "workclass"', 'Space-force');
  });

  it('a missing column and a string in a numeric column are typed errors naming file, row and column', () => {
    expectOneLineError(keel(['predict', '--model', join(out, 'model.onnx'), '--data', rawCsv('missing.csv', 1, 5, undefined, ['income', 'hours_per_week'])]), 'COLUMN_NOT_FOUND', 2, 'missing.csv', 'column "hours_per_week"');
    const text = rawCsv('text.csv', 1, 8, (cells, i) => {
      if (i === 6) cells[header.indexOf('age')] = 'forty';
    });
    expectOneLineError(keel(['predict', '--model', join(out, 'model.onnx'), '--data', text]), 'DATA_NOT_NUMERIC', 3, 'text.csv', 'row 7', 'column "age"', 'forty');
  });
});
