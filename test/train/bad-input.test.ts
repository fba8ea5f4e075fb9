import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { keel } from '../cli/run-cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'keel-train-bad-'));
const adult = join(import.meta.dirname, '../fixtures/train/adult-1000.csv');
const lines = readFileSync(adult, 'utf8').trim().split('\n');

function csv(name: string, rows: readonly string[]): string {
  const p = join(tmp, name);
  writeFileSync(p, rows.join('\n') + '\n');
  return p;
}

function expectOneLineError(r: { status: number; stderr: string }, code: string, status: number, ...parts: string[]): void {
  expect(r.status, r.stderr).toBe(status);
  const out = r.stderr.trim().split('\n');
  expect(out).toHaveLength(1);
  expect(out[0]).toContain(code);
  for (const p of parts) expect(out[0]).toContain(p);
}

const train = (data: string, ...extra: string[]): ReturnType<typeof keel> => keel(['train', '--data', data, '--model', 'mlp', '--epochs', '1', '--out', join(tmp, 'never'), ...extra]);

function png(path: string, w: number, h: number, shade: number): void {
  const img = new PNG({ width: w, height: h });
  img.data.fill(shade);
  writeFileSync(path, PNG.sync.write(img));
}

describe('bad training input gets a typed one-line error naming file, row and column', () => {
  it('a missing target column', () => {
    expectOneLineError(train(adult, '--target', 'salary'), 'COLUMN_NOT_FOUND', 2, 'adult-1000.csv', '"salary"');
  });

  it('a string in a numeric column at row N', () => {
    const rows = [...lines.slice(0, 60)];
    rows[37] = rows[37]!.replace(/^\d+/, 'forty');
    const r = train(csv('string.csv', rows), '--target', 'income');
    expectOneLineError(r, 'DATA_NOT_NUMERIC', 3, 'string.csv', 'row 37', 'column "age"', 'forty');
  });

  it('a class with a single sample in a stratified split', () => {
    const rows = [...lines.slice(0, 80)];
    rows[50] = rows[50]!.replace(/,[^,]*$/, ',unknown');
    expectOneLineError(train(csv('single.csv', rows), '--target', 'income'), 'STRATIFY_SINGLETON', 3, 'single.csv', 'class 2', 'row 49');
  });

  it('an empty file', () => {
    expectOneLineError(train(csv('empty.csv', []), '--target', 'income'), 'CSV_EMPTY', 3, 'empty.csv');
    expectOneLineError(train(csv('header.csv', [lines[0]!]), '--target', 'income'), 'CSV_NO_ROWS', 3, 'header.csv');
  });

  it('an image of the wrong size in a class folder', () => {
    const dir = join(tmp, 'images');
    for (const c of ['a', 'b']) {
      mkdirSync(join(dir, c), { recursive: true });
      for (let i = 0; i < 3; i++) png(join(dir, c, `${i}.png`), 8, 8, 40 * i);
    }
    png(join(dir, 'b', 'odd.png'), 9, 8, 0);
    expectOneLineError(train(dir), 'IMAGE_SHAPE_MISMATCH', 3, 'odd.png', '9×8', '8×8');
  });

  it('a CSV without --target is a usage error', () => {
    const r = train(adult);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--target');
  });
});

describe('CSV training end to end', () => {
  it('trains on raw Adult CSV rows (one-hot + standardization fitted on training rows) and evaluates raw CSV', () => {
    const out = join(tmp, 'adult');
    const r = keel(['train', '--data', adult, '--target', 'income', '--model', 'mlp', '--epochs', '4', '--out', out, '--val-split', '0.25']);
    expect(r.status, r.stderr).toBe(0);
    const pre = JSON.parse(readFileSync(join(out, 'preprocess.json'), 'utf8')) as { columns: { name: string; kind: string }[]; classes: string[] };
    expect(pre.columns.find((c) => c.name === 'workclass')?.kind).toBe('categorical');
    expect(pre.columns.find((c) => c.name === 'age')?.kind).toBe('numeric');
    expect(pre.classes).toEqual(['<=50K', '>50K']);
    const history = JSON.parse(readFileSync(join(out, 'history.json'), 'utf8')) as Record<string, number>[];
    expect(Object.keys(history[0]!).sort()).toEqual(['accuracy', 'epoch', 'loss', 'lr', 'val_accuracy', 'val_loss']);
    const diagnosis = JSON.parse(readFileSync(join(out, 'diagnosis.json'), 'utf8')) as { verdict: string };
    expect(['underfit', 'overfit', 'good_fit', 'not_converged']).toContain(diagnosis.verdict);
    expect(readFileSync(join(out, 'curves.svg'), 'utf8')).toContain('<svg');
    const e = keel(['evaluate', '--model', join(out, 'model.onnx'), '--data', adult, '--json', join(out, 'eval.json')]);
    expect(e.status, e.stderr).toBe(0);
    const rep = JSON.parse(readFileSync(join(out, 'eval.json'), 'utf8')) as { accuracy: number; confusion: number[][]; per_class: { class: string }[]; ece: number; log_loss: number };
    expect(rep.accuracy).toBeGreaterThan(0.78);
    expect(rep.confusion.flat().reduce((a, b) => a + b, 0)).toBe(1000);
    expect(rep.per_class.map((c) => c.class)).toEqual(['<=50K', '>50K']);
    expect(rep.ece).toBeGreaterThanOrEqual(0);
  }, 120_000);
});
