/**
 * Tabular input of fairness measurement and mitigation: reads a CSV, checks the target and
 * sensitive columns, turns labels into 0/1 and encodes feature columns for a model with the one
 * {@link Preprocessor}.
 * @module
 */
import { existsSync } from 'node:fs';
import { DataError, UsageError } from '../core/index.js';
import { cellText, DEFAULT_MISSING_MARKERS, getColumn, isNumericText, loadTable, openSource, readCsv, type Preprocessor, type Table } from '../data/index.js';
import type { FeatureMatrix } from '../fairness/index.js';

/** A CSV with its target resolved to 0/1 and its sensitive columns as text. */
export interface LabelledTable {
  readonly table: Table;
  readonly y: Uint8Array;
  /** The positive label as text. */
  readonly positive: string;
  readonly sensitive: Readonly<Record<string, string[]>>;
}

/** How {@link readLabelledTable} finds its columns. */
export interface ReadTableOptions {
  readonly target: string;
  readonly sensitive: readonly string[];
  readonly positive?: string | undefined;
  /** Column names of a header-less CSV. */
  readonly columns?: readonly string[] | undefined;
}

const MISSING = '(missing)';

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
 * Rows of a file encoded with a fitted {@link Preprocessor} (the one saved with the model), as the
 * fairness learners take them. Unseen categories encode as all zeros.
 * @example `const X = await encodeRows(pre, 'test.csv', undefined);`
 */
export async function encodeRows(pre: Preprocessor, file: string, columns: readonly string[] | undefined): Promise<FeatureMatrix> {
  const csv = await readCsv(file, { columns });
  const { x, width } = pre.transform(csv, { requireTarget: false });
  return { rows: csv.rows.length, cols: width, data: Float64Array.from(x) };
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
    throw new DataError('MODEL_INPUT_MISMATCH', `${file}: column(s) ${text.join(', ')} hold text, but ${model} has no preprocess.json beside it saying how to encode them; pass numeric columns in the model's input order or a model trained by keel fairness mitigate`, { file, columns: text });
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
