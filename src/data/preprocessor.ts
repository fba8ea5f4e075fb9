import { z } from 'zod';
import { DataError, UsageError } from '../core/index.js';
import { parseJson, type JsonFileKind } from '../io/index.js';
import { parseNumeric } from './data-source.js';

/** How one feature column becomes model inputs, fitted on training rows only. */
export type ColumnTransform =
  | { readonly name: string; readonly kind: 'numeric'; readonly mean: number; readonly std: number }
  | { readonly name: string; readonly kind: 'categorical'; readonly categories: readonly string[] };

/** A file's rows as text cells (row-major), with its header: what a {@link Preprocessor} reads. */
export interface RawCsv {
  readonly file: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** What a {@link Preprocessor} saves (`preprocess.json` beside the model). */
export interface PreprocessorSpec {
  readonly columns: readonly ColumnTransform[];
  readonly target: string;
  /** Class names in label order (classification; empty for regression). */
  readonly classes: readonly string[];
  readonly task?: 'classification' | 'regression' | undefined;
  /** The training loss, when it matters for reading the outputs. */
  readonly loss?: string | undefined;
  /** Fairness models: the positive label, the sensitive columns and what the output means. */
  readonly positive?: string | undefined;
  readonly sensitive?: readonly string[] | undefined;
  /** `logits` (default): class scores; `probability`: P(y = positive) of a randomized classifier. */
  readonly output?: 'logits' | 'probability' | undefined;
}

/** Options of {@link Preprocessor.fit}. */
export interface FitPreprocessorOptions {
  readonly target: string;
  /** Rows (0-based data rows) the statistics are fitted on; default every row. */
  readonly trainRows?: ArrayLike<number> | undefined;
  /** Default `classification` (class names are collected from every row). */
  readonly task?: 'classification' | 'regression' | undefined;
  /** Columns left out of the features besides the target. */
  readonly exclude?: readonly string[] | undefined;
}

/** Options of {@link Preprocessor.transform}. */
export interface TransformOptions {
  /** The target column must be present (default true); without it `y` is all −1 / NaN. */
  readonly requireTarget?: boolean;
  /**
   * A category not seen in training: `'zeros'` encodes it as all zeros (default; validation rows
   * while training), `'error'` throws `CATEGORY_UNSEEN` naming file, row and column (`keel predict`).
   */
  readonly unseen?: 'zeros' | 'error';
  /**
   * A numeric column's cell that is not a finite number (or is one of `missing`): `'error'`
   * throws `DATA_NOT_NUMERIC` naming file, row and column (default); `'mean'` encodes the
   * training mean (0 after standardization), as the checks' cross-validation does.
   */
  readonly invalid?: 'error' | 'mean';
  /** Cell texts that mean "missing" (with `invalid: 'mean'`: numeric → mean, text → all zeros). */
  readonly missing?: ReadonlySet<string>;
}

/** The number rule of the whole data layer (`parseNumeric`): decimal or exponent notation, finite. */
const isNum = (s: string): boolean => Number.isFinite(parseNumeric(s.trim()));
/**
 * The order of class names everywhere in Keel: numerically when both are numbers, else by locale.
 * @example `['10', '9', 'b', 'a'].sort(compareClassNames) // ['9', '10', 'a', 'b']`
 */
export function compareClassNames(a: string, b: string): number {
  return isNum(a) && isNum(b) ? Number(a) - Number(b) : a.localeCompare(b);
}

const distinctNames = (what: string) => z.array(z.string()).refine((a) => new Set(a).size === a.length, { error: `${what} must be distinct` });
const specSchema = z.object({
  columns: z.array(
    z.discriminatedUnion('kind', [
      z.object({ name: z.string(), kind: z.literal('numeric'), mean: z.number(), std: z.number().positive() }),
      z.object({ name: z.string(), kind: z.literal('categorical'), categories: distinctNames('categories') }),
    ]),
  ),
  target: z.string(),
  classes: distinctNames('class names'),
  task: z.enum(['classification', 'regression']).optional(),
  loss: z.string().optional(),
  positive: z.string().optional(),
  sensitive: z.array(z.string()).optional(),
  output: z.enum(['logits', 'probability']).optional(),
});

/**
 * Keel's one tabular encoder: standardizes numeric columns and one-hot encodes text columns,
 * fitted on the training rows, applied by name to any file with those columns, and saved with
 * the model (through `saveModelSidecars`) so that every command scores raw rows the same way.
 *
 * @example
 * ```ts
 * const pre = Preprocessor.fit(await readCsv('adult.csv'), { target: 'income' });
 * const { x, width } = pre.transform(await readCsv('new.csv'), { requireTarget: false, unseen: 'error' });
 * const again = Preprocessor.fromJSON(JSON.parse(JSON.stringify(pre)), 'preprocess.json');
 * ```
 */
export class Preprocessor {
  private constructor(readonly spec: PreprocessorSpec) {}

  /**
   * Fits on `trainRows` of `csv`. A column is numeric when most of its non-empty cells are
   * numbers; any other cell of it is then a `DATA_NOT_NUMERIC` error when transforming.
   */
  static fit(csv: RawCsv, o: FitPreprocessorOptions): Preprocessor {
    const t = csv.header.indexOf(o.target);
    if (t < 0) throw new UsageError('COLUMN_NOT_FOUND', `${csv.file}: no target column "${o.target}"; columns are ${csv.header.join(', ')}`, { file: csv.file, column: o.target, available: [...csv.header], role: 'target' });
    const train = o.trainRows ?? Int32Array.from(csv.rows, (_, i) => i);
    const exclude = new Set(o.exclude ?? []);
    const columns: ColumnTransform[] = [];
    csv.header.forEach((name, j) => {
      if (j === t || exclude.has(name)) return;
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
        for (let i = 0; i < train.length; i++) {
          const v = Number(csv.rows[train[i]!]![j]);
          s += v;
          s2 += v * v;
        }
        const k = Math.max(1, train.length);
        const mean = s / k;
        columns.push({ name, kind: 'numeric', mean, std: Math.sqrt(Math.max(0, s2 / k - mean * mean)) || 1 });
      } else {
        const cats = new Set<string>();
        for (let i = 0; i < train.length; i++) cats.add(csv.rows[train[i]!]![j] ?? '');
        columns.push({ name, kind: 'categorical', categories: [...cats].sort() });
      }
    });
    const task = o.task ?? 'classification';
    const classes = task === 'classification' ? [...new Set(csv.rows.map((r) => r[t] ?? ''))].sort(compareClassNames) : [];
    return new Preprocessor({ columns, target: o.target, classes, task });
  }

  /**
   * A preprocessor from statistics computed elsewhere (e.g. a streaming profile of the data).
   * @example `const pre = Preprocessor.fromColumns([{ name: 'a', kind: 'numeric', mean: 0, std: 1 }], 'y');`
   */
  static fromColumns(columns: readonly ColumnTransform[], target: string): Preprocessor {
    return new Preprocessor({ columns, target, classes: [] });
  }

  /**
   * Checks a saved spec (typed `SIDECAR_JSON` error naming the file and the bad field).
   * @example `const pre = Preprocessor.fromJSON(JSON.parse(text), 'runs/a/preprocess.json');`
   */
  static fromJSON(json: unknown, file: string): Preprocessor {
    return new Preprocessor(parseJson(JSON.stringify(json), specSchema, file, SIDECAR_KIND));
  }

  /** The same encoding with more saved facts (task, loss, fairness fields). */
  with(extra: Partial<Omit<PreprocessorSpec, 'columns'>>): Preprocessor {
    return new Preprocessor({ ...this.spec, ...extra });
  }

  get target(): string {
    return this.spec.target;
  }

  get classes(): readonly string[] {
    return this.spec.classes;
  }

  /** Model inputs per row. */
  get width(): number {
    return this.spec.columns.reduce((a, c) => a + (c.kind === 'numeric' ? 1 : c.categories.length), 0);
  }

  /** One name per model input: a numeric column, or `column=category`. */
  get featureNames(): string[] {
    return this.spec.columns.flatMap((c) => (c.kind === 'numeric' ? [c.name] : c.categories.map((k) => `${c.name}=${k}`)));
  }

  toJSON(): PreprocessorSpec {
    return this.spec;
  }

  /**
   * Encodes every row: features [N, width] float32 and targets (class indices, or numbers).
   * Columns are found by name, so their order may differ from the training file.
   */
  transform(csv: RawCsv, o: TransformOptions = {}): { x: Float32Array; width: number; y: Float64Array } {
    return this.encode(csv.file, csv.header, csv.rows.length, (i, j) => csv.rows[i]![j] ?? '', o, true);
  }

  /**
   * Encodes the features of a column-major block of rows (`cells[column][row]`, as streamed
   * chunks hold them); the target is not read.
   * @example `const { x } = pre.transformColumns('big.csv', src.columns, chunk.cells, chunk.length, { invalid: 'mean', missing: src.missing });`
   */
  transformColumns(file: string, header: readonly string[], cells: readonly (readonly string[])[], rows: number, o: TransformOptions = {}): { x: Float32Array; width: number; y: Float64Array } {
    return this.encode(file, header, rows, (i, j) => cells[j]![i] ?? '', { ...o, requireTarget: false }, false);
  }

  private encode(file: string, header: readonly string[], n: number, cellAt: (row: number, column: number) => string, o: TransformOptions, withTarget: boolean): { x: Float32Array; width: number; y: Float64Array } {
    const { requireTarget = true, unseen = 'zeros', invalid = 'error', missing } = o;
    const p = this.spec;
    const idx = new Map(header.map((h, j) => [h, j]));
    const t = withTarget ? idx.get(p.target) : undefined;
    if (t === undefined && requireTarget) throw new UsageError('COLUMN_NOT_FOUND', `${file}: no target column "${p.target}"; columns are ${header.join(', ')}`, { file, column: p.target, available: [...header], role: 'target' });
    const width = this.width;
    const x = new Float32Array(n * width);
    const y = new Float64Array(n);
    const classIdx = new Map(p.classes.map((c, i) => [c, i]));
    const at = p.columns.map((c) => {
      const j = idx.get(c.name);
      if (j === undefined) throw new UsageError('COLUMN_NOT_FOUND', `${file}: header row, column "${c.name}" the model was trained with is missing; columns are ${header.join(', ')}`, { file, row: 0, column: c.name, available: [...header], role: 'feature' });
      return j;
    });
    for (let i = 0; i < n; i++) {
      let o = i * width;
      p.columns.forEach((c, k) => {
        const cell = cellAt(i, at[k]!);
        const gone = missing?.has(cell) === true;
        if (c.kind === 'numeric') {
          if (!gone && isNum(cell)) x[o] = (parseNumeric(cell.trim()) - c.mean) / c.std;
          else if (invalid === 'error') throw new DataError('DATA_NOT_NUMERIC', `${file}: row ${i + 1}, column "${c.name}": "${cell}" is not a number in a numeric column; fix or remove the value`, { file, row: i + 1, column: c.name, value: cell });
          o++;
          return;
        }
        const level = gone ? -1 : c.categories.indexOf(cell);
        if (level >= 0) x[o + level] = 1;
        else if (unseen === 'error' && !gone) throw new DataError('CATEGORY_UNSEEN', `${file}: row ${i + 1}, column "${c.name}": category "${cell}" was not seen in training (known: ${c.categories.slice(0, 8).join(', ')}${c.categories.length > 8 ? ', …' : ''}); map it to a known category or retrain`, { file, row: i + 1, column: c.name, value: cell });
        o += c.categories.length;
      });
      if (t === undefined) continue;
      const cell = cellAt(i, t);
      if (p.classes.length > 0) {
        const k = classIdx.get(cell);
        if (k === undefined && requireTarget) throw new DataError('LABELS_RANGE', `${file}: row ${i + 1}, column "${p.target}": class "${cell}" was not seen in training`, { file, row: i + 1, column: p.target });
        y[i] = k ?? -1;
      } else {
        if (!isNum(cell)) throw new DataError('DATA_NOT_NUMERIC', `${file}: row ${i + 1}, column "${p.target}": "${cell}" is not a number`, { file, row: i + 1, column: p.target });
        y[i] = Number(cell);
      }
    }
    return { x, width, y };
  }
}

/** How a bad saved preprocessor is reported. */
export const SIDECAR_KIND: JsonFileKind = { code: 'SIDECAR_JSON', what: 'the preprocessing saved with the model', fix: 'retrain the model with keel train to write it again, or restore the file' };

/** The schema of a saved {@link PreprocessorSpec} (for sidecar readers). */
export const PREPROCESSOR_SCHEMA = specSchema;
