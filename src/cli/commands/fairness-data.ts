/**
 * Tabular input of `keel fairness`: reads a CSV, checks the target and sensitive columns, turns
 * labels into 0/1 and encodes feature columns for a model (standardized numerics, one-hot
 * categories) with a {@link Preprocessing} that is saved next to the model.
 * @module
 */
import { readFileSync, existsSync } from 'node:fs';
import { DataError, UsageError } from '../../core/index.js';
import { cellText, DEFAULT_MISSING_MARKERS, getColumn, isNumericText, loadTable, openSource, type Table } from '../../data/index.js';
import type { FeatureMatrix } from '../../fairness/index.js';

/** One encoded input column of a {@link Preprocessing}. */
export type EncodedColumn =
  | { readonly name: string; readonly kind: 'numeric'; readonly mean: number; readonly sd: number }
  | { readonly name: string; readonly kind: 'categorical'; readonly levels: readonly string[] };

/** How CSV columns become a model input; written as `<model>.preprocess.json`. */
export interface Preprocessing {
  readonly format: 'keel-fairness-preprocess';
  readonly version: 1;
  readonly columns: readonly EncodedColumn[];
  readonly target: string;
  readonly positive: string;
  readonly sensitive: readonly string[];
  /** Levels of each sensitive feature in the training data. */
  readonly categories: Readonly<Record<string, readonly string[]>>;
  /** `logits`: [N, 2] class scores; `probability`: P(ŷ = 1) of a randomized classifier, sampled at prediction time. */
  readonly output: 'logits' | 'probability';
}

/** A CSV with its target resolved to 0/1 and its sensitive columns as text. */
export interface LabelledTable {
  readonly table: Table;
  readonly y: Uint8Array;
  /** The positive label as text. */
  readonly positive: string;
  readonly sensitive: Readonly<Record<string, string[]>>;
}

/** Options shared by both fairness commands for reading data. */
export interface ReadTableOptions {
  readonly target: string;
  readonly sensitive: readonly string[];
  readonly positive?: string | undefined;
  /** Column names of a header-less CSV. */
  readonly columns?: readonly string[] | undefined;
}

const MISSING = '(missing)';

/** Splits a comma list option. */
export function list(v: string): string[] {
  return v.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

function requireColumn(table: Table, name: string, role: string, file: string): void {
  if (!table.columns.some((c) => c.name === name)) {
    const available = table.columns.map((c) => c.name);
    throw new UsageError('COLUMN_NOT_FOUND', `${file}: the ${role} column "${name}" does not exist; available columns: ${available.join(', ')}`, { file, column: name, available, role });
  }
}

/** Column texts (missing cells as "(missing)"). */
export function texts(table: Table, name: string): string[] {
  const c = getColumn(table, name);
  return Array.from({ length: table.rowCount }, (_, i) => (c.type === 'string' ? (c.values[i] ?? MISSING) : Number.isNaN(c.values[i]!) ? MISSING : cellText(c, i)));
}

/**
 * Maps label texts to 0/1: `positive` when given, else 0/1 or true/false; anything else asks for `--positive`.
 * @example `binaryLabels(['0', '1'], undefined, 'labels')`
 */
export function binaryLabels(values: readonly string[], positive: string | undefined, what: string): { y: Uint8Array; positive: string } {
  const distinct = [...new Set(values)];
  if (positive !== undefined) {
    if (!distinct.includes(positive)) throw new DataError('POSITIVE_LABEL_NOT_FOUND', `${what}: --positive "${positive}" is not one of its values (${distinct.slice(0, 6).join(', ')})`, { positive, values: distinct.slice(0, 20) });
    return { y: Uint8Array.from(values, (v) => (v === positive ? 1 : 0)), positive };
  }
  const pos = distinct.every((v) => v === '0' || v === '1') ? '1' : distinct.every((v) => v === 'true' || v === 'false') ? 'true' : undefined;
  if (pos === undefined) {
    const code = distinct.length > 2 ? 'LABELS_NOT_BINARY' : 'POS_LABEL_REQUIRED';
    throw new UsageError(code, `${what} has ${distinct.length} distinct values (${distinct.slice(0, 6).join(', ')}${distinct.length > 6 ? ', ...' : ''}), not 0/1; pass --positive LABEL to name the positive class`, { values: distinct.slice(0, 20) });
  }
  return { y: Uint8Array.from(values, (v) => (v === pos ? 1 : 0)), positive: pos };
}

const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;

/**
 * Refuses NaN / Infinity spelled out in a numeric column, as `keel train` does: DataError
 * `DATA_NOT_FINITE` naming the file, the 1-based data row and the column. (Empty cells and the
 * other missing markers stay missing values.)
 */
function refuseNonFinite(table: Table, file: string, skip: readonly string[]): void {
  for (const c of table.columns) {
    if (skip.includes(c.name)) continue;
    let bad = -1;
    if (c.type === 'number') bad = c.values.findIndex((v) => v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY);
    else if (c.values.some((v) => v !== null && NON_FINITE.test(v)) && c.values.every((v) => v === null || isNumericText(v) || NON_FINITE.test(v))) bad = c.values.findIndex((v) => v !== null && NON_FINITE.test(v));
    if (bad >= 0) {
      const text = c.type === 'number' ? String(c.values[bad]) : (c.values[bad] ?? '');
      throw new DataError('DATA_NOT_FINITE', `${file}: row ${bad + 1}, column "${c.name}": "${text}" is not a finite number in a numeric column; fix the value or leave the cell empty (missing)`, { file, row: bad + 1, column: c.name, value: text });
    }
  }
}

/**
 * Reads a CSV and resolves the target and sensitive columns.
 * @example `const data = await readLabelledTable('adult.csv', { target: 'income', sensitive: ['sex'], positive: '>50K' });`
 */
export async function readLabelledTable(file: string, o: ReadTableOptions): Promise<LabelledTable> {
  if (!existsSync(file)) throw new UsageError('FILE_NOT_FOUND', `${file}: no such file`, { file });
  const layout = o.columns === undefined ? {} : { header: false, columns: o.columns };
  const names = (await openSource(file, layout)).columns;
  const check = (name: string, role: string): void => {
    if (!names.includes(name)) throw new UsageError('COLUMN_NOT_FOUND', `${file}: the ${role} column "${name}" does not exist; available columns: ${names.join(', ')}`, { file, column: name, available: names, role });
  };
  check(o.target, 'target');
  for (const s of o.sensitive) check(s, 'sensitive');
  const schema = Object.fromEntries([o.target, ...o.sensitive].map((c) => [c, 'string' as const]));
  // "NaN" is read as text here (not as a missing cell) so that it is refused like "Infinity".
  const missing = DEFAULT_MISSING_MARKERS.filter((m) => !NON_FINITE.test(m));
  const table = await loadTable(file, { schema, ...layout, missing });
  if (table.rowCount === 0) throw new DataError('EMPTY_DATA', `${file}: no data rows`, { file });
  refuseNonFinite(table, file, [o.target, ...o.sensitive]);
  const { y, positive } = binaryLabels(texts(table, o.target), o.positive, `${file}: target column "${o.target}"`);
  const sensitive = Object.fromEntries(o.sensitive.map((s) => [s, texts(table, s)]));
  return { table, y, positive, sensitive };
}

/**
 * Fits the encoding on training data: every column but the target (and `exclude`), numerics
 * standardized (missing → mean), text one-hot over the training levels.
 * @example `const prep = fitPreprocessing(train, { target: 'y', sensitive: ['sex'] }, []);`
 */
export function fitPreprocessing(data: LabelledTable, o: { readonly target: string; readonly sensitive: readonly string[] }, exclude: readonly string[]): Preprocessing {
  const columns: EncodedColumn[] = [];
  for (const c of data.table.columns) {
    if (c.name === o.target || exclude.includes(c.name)) continue;
    if (c.type === 'number') {
      const v = Array.from(c.values).filter((x) => !Number.isNaN(x));
      const mean = v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
      const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, v.length)) || 1;
      columns.push({ name: c.name, kind: 'numeric', mean, sd });
    } else {
      columns.push({ name: c.name, kind: 'categorical', levels: [...new Set(texts(data.table, c.name))].sort() });
    }
  }
  if (columns.length === 0) throw new UsageError('NO_FEATURES', 'No feature columns besides the target; the model needs inputs.', {});
  const categories = Object.fromEntries(o.sensitive.map((s) => [s, [...new Set(data.sensitive[s])].sort()]));
  return { format: 'keel-fairness-preprocess', version: 1, columns, target: o.target, positive: data.positive, sensitive: [...o.sensitive], categories, output: 'logits' };
}

/**
 * Encodes a table with a fitted {@link Preprocessing}; unseen categories encode as all zeros.
 * @example `const X = encode(prep, test.table, 'test.csv');`
 */
export function encode(prep: Preprocessing, table: Table, file: string): FeatureMatrix {
  const width = prep.columns.reduce((w, c) => w + (c.kind === 'numeric' ? 1 : c.levels.length), 0);
  const n = table.rowCount;
  const data = new Float64Array(n * width);
  let offset = 0;
  for (const c of prep.columns) {
    requireColumn(table, c.name, 'feature', file);
    const col = getColumn(table, c.name);
    if (c.kind === 'numeric') {
      if (col.type !== 'number') throw new DataError('FEATURE_NOT_NUMERIC', `${file}: column "${c.name}" was numeric in training but holds text here`, { file, column: c.name });
      for (let i = 0; i < n; i++) {
        const v = col.values[i]!;
        data[i * width + offset] = Number.isNaN(v) ? 0 : (v - c.mean) / c.sd;
      }
      offset += 1;
    } else {
      const pos = new Map(c.levels.map((l, k) => [l, k]));
      texts(table, c.name).forEach((t, i) => {
        const k = pos.get(t);
        if (k !== undefined) data[i * width + offset + k] = 1;
      });
      offset += c.levels.length;
    }
  }
  return { rows: n, cols: width, data };
}

/**
 * The features of an ONNX model without preprocessing: every numeric column except the target and
 * text sensitive columns, in file order, which must match the model's input width.
 * @example `const X = numericFeatures(data, 'y', 8, 'd.csv');`
 */
export function numericFeatures(data: LabelledTable, target: string, width: number | undefined, file: string, model: string): FeatureMatrix {
  const cols = data.table.columns.filter((c) => c.name !== target && !(c.type === 'string' && c.name in data.sensitive));
  const text = cols.filter((c) => c.type === 'string').map((c) => c.name);
  if (text.length > 0) {
    throw new DataError('MODEL_INPUT_MISMATCH', `${file}: column(s) ${text.join(', ')} hold text, but ${model} has no ${model}.preprocess.json saying how to encode them; pass numeric columns in the model's input order or a model trained by keel fairness mitigate`, { file, columns: text });
  }
  if (width !== undefined && cols.length !== width) {
    throw new DataError('MODEL_INPUT_MISMATCH', `${file}: ${cols.length} numeric feature columns (${cols.map((c) => c.name).join(', ')}) but ${model} expects ${width} inputs; give exactly the model's input columns in order (plus target and sensitive columns)`, { file, expected: width, actual: cols.length });
  }
  const n = data.table.rowCount, d = cols.length, out = new Float64Array(n * d);
  cols.forEach((c, j) => {
    for (let i = 0; i < n; i++) {
      const v = Number(c.values[i]);
      if (!Number.isFinite(v)) throw new DataError('DATA_NAN', `${file}: row ${i + 1}, column "${c.name}" is missing or not finite; clean or impute the data first`, { file, row: i, column: c.name });
      out[i * d + j] = v;
    }
  });
  return { rows: n, cols: d, data: out };
}

/**
 * Reads `<model>.preprocess.json` when it exists.
 * @example `const prep = readPreprocessing('m.onnx');`
 */
export function readPreprocessing(model: string): Preprocessing | undefined {
  const path = `${model}.preprocess.json`;
  if (!existsSync(path)) return undefined;
  const p = JSON.parse(readFileSync(path, 'utf8')) as Partial<Preprocessing>;
  if (p.format !== 'keel-fairness-preprocess' || !Array.isArray(p.columns)) throw new DataError('PREPROCESS_FORMAT', `${path} is not a keel fairness preprocessing file`, { path });
  return p as Preprocessing;
}
