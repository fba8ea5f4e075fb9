import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Rng } from '../../src/core/index.js';
import { createTable, type Column, type Table } from '../../src/data/index.js';
import { csvRow } from '../../src/data/csv-writer.js';

/** test/fixtures/data */
export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'data');

/** A fresh temporary directory. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'keel-data-'));
}

/** Reads one of scikit-learn's CSVs (line 1 = n, d, class names; last column = label). */
export function readSklearnCsv(name: string): { features: number[][]; labels: number[]; header: string[] } {
  const lines = readFileSync(join(FIXTURES, name), 'utf8').trim().split('\n');
  const [n, d] = lines[0]!.split(',').map(Number) as [number, number];
  const rows = lines.slice(1).map((l) => l.split(',').map(Number));
  expectLength(rows.length, n);
  const header = [...Array.from({ length: d }, (_, i) => `f${i}`), 'label'];
  return { features: rows.map((r) => r.slice(0, d)), labels: rows.map((r) => r[d]!), header };
}

function expectLength(actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`fixture has ${actual} rows, header says ${expected}`);
}

/** Rows (header first) written as a CSV file; returns its path. */
export function writeCsv(dir: string, name: string, rows: readonly (readonly (string | number)[])[]): string {
  const path = join(dir, name);
  writeFileSync(path, rows.map((r) => csvRow(r.map(String))).join('\n') + '\n');
  return path;
}

/** A numeric table from rows of numbers plus a label column. */
export function numericTable(header: readonly string[], rows: readonly (readonly number[])[]): Table {
  const cols: Column[] = header.map((name, j) => ({ name, type: 'number', values: Float64Array.from(rows, (r) => r[j]!) }));
  return createTable(cols);
}

/** Minimal .npy reader for the label fixtures (little-endian, C order). */
export function readNpyFile(path: string): { shape: number[]; data: Float64Array | Uint16Array } {
  let buf = readFileSync(path);
  if (path.endsWith('.gz')) buf = gunzipSync(buf);
  const major = buf[6]!;
  const hl = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = buf.subarray(start, start + hl).toString('latin1');
  const descr = /'descr':\s*'([^']+)'/.exec(header)![1]!;
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)![1]!.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const body = new Uint8Array(buf.subarray(start + hl));
  if (descr === '<f8') return { shape, data: new Float64Array(body.buffer, 0, body.length / 8) };
  if (descr === '<u2') return { shape, data: new Uint16Array(body.buffer, 0, body.length / 2) };
  throw new Error(`unsupported dtype ${descr}`);
}

/** Seeded shuffle of 0..n-1 (Keel's one generator). */
export function shuffled(n: number, seed: number): number[] {
  return Array.from(new Rng(seed).permutation(n));
}

/** Column names of the UCI Adult files (which have no header). */
export const ADULT_COLUMNS = [
  'age', 'workclass', 'fnlwgt', 'education', 'education_num', 'marital_status', 'occupation',
  'relationship', 'race', 'sex', 'capital_gain', 'capital_loss', 'hours_per_week', 'native_country', 'income',
];
