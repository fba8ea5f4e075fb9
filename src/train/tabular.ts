import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { DataError, UsageError } from '../core/index.js';

/** How one CSV feature column becomes model inputs, fitted on training rows only. */
export type ColumnTransform =
  | { readonly name: string; readonly kind: 'numeric'; readonly mean: number; readonly std: number }
  | { readonly name: string; readonly kind: 'categorical'; readonly categories: readonly string[] };

/** Saved with the model (`preprocess.json`) so raw CSV can be scored later. */
export interface Preprocessor {
  readonly columns: readonly ColumnTransform[];
  readonly target: string;
  /** Class names in label order (classification). */
  readonly classes: readonly string[];
}

/** A CSV read as text cells, with the header. */
export interface RawCsv {
  readonly file: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

const isNum = (s: string): boolean => s.trim() !== '' && Number.isFinite(Number(s));

/** Reads a CSV with a header row; empty files and ragged rows are typed errors naming file and row. */
export function readCsv(file: string): RawCsv {
  const text = readFileSync(file, 'utf8');
  let cells: string[][];
  try {
    const parsed: unknown = parse(text, { skip_empty_lines: true, trim: true });
    cells = parsed as string[][];
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw new DataError('CSV_PARSE', `${file}: malformed CSV${line ? ` at line ${line}` : ''}: ${(e as Error).message}`, { file, line }, { cause: e });
  }
  const header = cells[0];
  if (!header || cells.length < 2) throw new DataError('DATA_EMPTY', `${file}: the file is empty (${header ? 'a header but no data rows' : 'no header'}); a CSV needs a header and at least one row`, { file });
  return { file, header, rows: cells.slice(1) };
}

/**
 * Fits standardization (numeric columns) and one-hot encoding (text columns) on the training
 * rows. A column is numeric when most of its non-empty cells are numbers; then any other cell is a
 * `DATA_NOT_NUMERIC` error naming the file, the 1-based data row and the column.
 */
export function fitPreprocessor(csv: RawCsv, target: string, trainRows: ArrayLike<number>, classification: boolean): Preprocessor {
  const t = csv.header.indexOf(target);
  if (t < 0) throw new UsageError('COLUMN_NOT_FOUND', `${csv.file}: no target column "${target}"; columns are ${csv.header.join(', ')}`, { file: csv.file, column: target, available: [...csv.header], role: 'target' });
  const columns: ColumnTransform[] = [];
  csv.header.forEach((name, j) => {
    if (j === t) return;
    let nums = 0;
    let filled = 0;
    for (const r of csv.rows) {
      const c = r[j] ?? '';
      if (c !== '') filled++;
      if (isNum(c)) nums++;
    }
    if (nums * 2 > filled) {
      let s = 0;
      let s2 = 0;
      let k = 0;
      for (let i = 0; i < trainRows.length; i++) {
        const v = Number(csv.rows[trainRows[i]!]![j]);
        s += v;
        s2 += v * v;
        k++;
      }
      const mean = s / Math.max(1, k);
      columns.push({ name, kind: 'numeric', mean, std: Math.sqrt(Math.max(0, s2 / Math.max(1, k) - mean * mean)) || 1 });
    } else {
      const cats = new Set<string>();
      for (let i = 0; i < trainRows.length; i++) cats.add(csv.rows[trainRows[i]!]![j] ?? '');
      columns.push({ name, kind: 'categorical', categories: [...cats].sort() });
    }
  });
  const classes = classification ? [...new Set(csv.rows.map((r) => r[t] ?? ''))].sort((a, b) => (isNum(a) && isNum(b) ? Number(a) - Number(b) : a.localeCompare(b))) : [];
  return { columns, target, classes };
}

/** Options of {@link applyPreprocessor}. */
export interface ApplyOptions {
  /** The target column must be present (default true); without it `y` is all −1 / NaN. */
  readonly requireTarget?: boolean;
  /**
   * A category not seen in training: `'zeros'` encodes it as all zeros (default; validation rows
   * while training), `'error'` throws `CATEGORY_UNSEEN` naming file, row and column (`keel predict`).
   */
  readonly unseen?: 'zeros' | 'error';
}

/**
 * Applies a fitted preprocessor to every row: features [N, F] float32 and targets (class indices,
 * or numbers). Columns are found by name, so their order may differ from the training file.
 * @example `const { x, width } = applyPreprocessor(readCsv('new.csv'), pre, { requireTarget: false, unseen: 'error' });`
 */
export function applyPreprocessor(csv: RawCsv, p: Preprocessor, opts: boolean | ApplyOptions = true): { x: Float32Array; width: number; y: Float64Array } {
  const { requireTarget = true, unseen = 'zeros' } = typeof opts === 'boolean' ? { requireTarget: opts } : opts;
  const idx = new Map(csv.header.map((h, j) => [h, j]));
  const t = idx.get(p.target);
  if (t === undefined && requireTarget) throw new UsageError('COLUMN_NOT_FOUND', `${csv.file}: no target column "${p.target}"; columns are ${csv.header.join(', ')}`, { file: csv.file, column: p.target, available: [...csv.header], role: 'target' });
  const width = p.columns.reduce((a, c) => a + (c.kind === 'numeric' ? 1 : c.categories.length), 0);
  const n = csv.rows.length;
  const x = new Float32Array(n * width);
  const y = new Float64Array(n);
  const classIdx = new Map(p.classes.map((c, i) => [c, i]));
  for (let i = 0; i < n; i++) {
    const row = csv.rows[i]!;
    let o = i * width;
    for (const c of p.columns) {
      const j = idx.get(c.name);
      if (j === undefined) throw new UsageError('COLUMN_NOT_FOUND', `${csv.file}: header row, column "${c.name}" the model was trained with is missing; columns are ${csv.header.join(', ')}`, { file: csv.file, row: 0, column: c.name, available: [...csv.header], role: 'feature' });
      const cell = row[j] ?? '';
      if (c.kind === 'numeric') {
        if (!isNum(cell)) throw new DataError('DATA_NOT_NUMERIC', `${csv.file}: row ${i + 1}, column "${c.name}": "${cell}" is not a number in a numeric column; fix or remove the value`, { file: csv.file, row: i + 1, column: c.name, value: cell });
        x[o++] = (Number(cell) - c.mean) / c.std;
      } else {
        const k = c.categories.indexOf(cell);
        if (k >= 0) x[o + k] = 1;
        else if (unseen === 'error') throw new DataError('CATEGORY_UNSEEN', `${csv.file}: row ${i + 1}, column "${c.name}": category "${cell}" was not seen in training (known: ${c.categories.slice(0, 8).join(', ')}${c.categories.length > 8 ? ', …' : ''}); map it to a known category or retrain`, { file: csv.file, row: i + 1, column: c.name, value: cell });
        o += c.categories.length;
      }
    }
    if (t !== undefined) {
      const cell = row[t] ?? '';
      if (p.classes.length > 0) {
        const k = classIdx.get(cell);
        if (k === undefined && requireTarget) throw new DataError('LABELS_RANGE', `${csv.file}: row ${i + 1}, column "${p.target}": class "${cell}" was not seen in training`, { file: csv.file, row: i + 1, column: p.target });
        y[i] = k ?? -1;
      } else {
        if (!isNum(cell)) throw new DataError('DATA_NOT_NUMERIC', `${csv.file}: row ${i + 1}, column "${p.target}": "${cell}" is not a number`, { file: csv.file, row: i + 1, column: p.target });
        y[i] = Number(cell);
      }
    }
  }
  return { x, width, y };
}
