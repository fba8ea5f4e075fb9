import { existsSync } from 'node:fs';
import { DataError, UsageError, tensor, toFloat32, type HostTensor } from '../core/index.js';
import { createTable, readCsv, type Column, type Preprocessor, type RawCsv, type Table } from '../data/index.js';
import { readNpy } from '../io/index.js';
import type { AuditText } from './audit-text.js';

/** One split as the audit sees it: model-ready features, class labels and the raw table. */
export interface AuditData {
  readonly file: string;
  /** Model input, float32 [N, ...row shape]. */
  readonly x: HostTensor<'float32'>;
  /** Class index per row, int64 [N]. */
  readonly y: HostTensor<'int64'>;
  /** Class names in index order. */
  readonly classes: readonly string[];
  /** The data as a table (features, target and sensitive columns) for data checks. */
  readonly table: Table;
  /** Name of the target column in `table`. */
  readonly target: string;
  /** Sensitive column values by column name (text). */
  readonly sensitive: Readonly<Record<string, readonly string[]>>;
  /** Names of the model's input features (tabular) or pixel columns (arrays). */
  readonly featureNames: readonly string[];
  /** Raw messages and their token ids, when the model is a text model (see `readTextSplit`). */
  readonly text?: AuditText | undefined;
}

/**
 * What the model reads for a split: the token ids of a text split, else `x`.
 * @example `const logits = cachedLogits(model, modelInput(ctx.test));`
 */
export function modelInput(d: AuditData): HostTensor {
  return d.text?.ids ?? d.x;
}

/** Where a split comes from. */
export interface SplitSource {
  /** A CSV file or an .npy array of inputs. */
  readonly data: string;
  /** Labels .npy (required with an .npy input). */
  readonly labels?: string | undefined;
}

/** How to read the splits. */
export interface ReadSplitOptions {
  /** Target column of CSV data. */
  readonly target?: string | undefined;
  readonly sensitive: readonly string[];
  /** Row shape the model expects after the batch axis. */
  readonly rowShape: readonly number[];
  /** Saved preprocessing of the model (`preprocess.json` beside it), if any. */
  readonly preprocessor?: Preprocessor | undefined;
  /** Class names fixed by the training split, so test labels use the same indices. */
  readonly classes?: readonly string[] | undefined;
  /** Classes the model scores (its output width, when ≥ 2): integer array labels must be 0…outputs-1. */
  readonly outputs?: number | undefined;
}

const isNum = (s: string): boolean => s.trim() !== '' && Number.isFinite(Number(s));
const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

function labelsFrom(values: readonly string[], fixed: readonly string[] | undefined, file: string): { y: HostTensor<'int64'>; classes: readonly string[] } {
  const classes = fixed ?? [...new Set(values)].sort((a, b) => (isNum(a) && isNum(b) ? Number(a) - Number(b) : a.localeCompare(b)));
  const index = new Map(classes.map((c, i) => [c, i]));
  const y = new BigInt64Array(values.length);
  values.forEach((v, i) => {
    const k = index.get(v);
    if (k === undefined) throw new DataError('LABELS_RANGE', `${file}: row ${i + 1}: class "${v}" is not one of the classes the model scores (${classes.length > 12 ? `${classes.slice(0, 12).join(', ')}, …` : classes.join(', ')}); fix the label or audit the model it belongs to`, { file, row: i + 1 });
    y[i] = BigInt(k);
  });
  return { y: tensor('int64', [values.length], y), classes };
}

function readArrays(src: SplitSource, o: ReadSplitOptions): AuditData {
  if (src.labels === undefined) throw new UsageError('AUDIT_LABELS', `${src.data}: an .npy input needs its labels: pass --labels (and --test-labels for --test)`, { file: src.data });
  const raw = readNpy(src.data);
  const n = raw.shape[0] ?? 0;
  const d = size(raw.shape.slice(1));
  if (d !== size(o.rowShape)) throw new DataError('AUDIT_FEATURES', `${src.data}: rows have ${d} values but the model expects [${o.rowShape.join(', ')}] = ${size(o.rowShape)}`, { file: src.data });
  const x = tensor('float32', [n, ...o.rowShape], toFloat32(raw).data);
  const lab = readNpy(src.labels);
  if ((lab.shape[0] ?? 0) !== n) throw new DataError('LABELS_LENGTH', `${src.labels}: ${lab.shape[0] ?? 0} labels for ${n} rows of ${src.data}`, { file: src.labels, expected: n, actual: lab.shape[0] ?? 0 });
  const names = Array.from(lab.data as ArrayLike<number | bigint>, (v) => String(v));
  const byModel = o.outputs === undefined ? undefined : Array.from({ length: o.outputs }, (_, k) => String(k));
  const { y, classes } = labelsFrom(names, o.classes ?? byModel ?? [...new Set(names)].sort((a, b) => Number(a) - Number(b)), src.labels);
  const featureNames = Array.from({ length: d }, (_, j) => `x${j}`);
  const columns: Column[] = featureNames.map((name, j) => ({ name, type: 'number', values: Float64Array.from({ length: n }, (_, i) => x.data[i * d + j]!) }));
  columns.push({ name: 'label', type: 'string', values: names });
  return { file: src.data, x, y, classes, table: createTable(columns), target: 'label', sensitive: {}, featureNames };
}

function tableOf(csv: RawCsv): Table {
  return createTable(
    csv.header.map((name, j): Column => {
      const cells = csv.rows.map((r) => r[j] ?? '');
      const filled = cells.filter((c) => c !== '');
      return filled.length > 0 && filled.every(isNum)
        ? { name, type: 'number', values: Float64Array.from(cells, (c) => (c === '' ? Number.NaN : Number(c))) }
        : { name, type: 'string', values: cells.map((c) => (c === '' ? null : c)) };
    }),
  );
}

async function readTabular(src: SplitSource, o: ReadSplitOptions): Promise<AuditData> {
  const target = o.target;
  if (target === undefined) throw new UsageError('AUDIT_TARGET', `${src.data}: CSV data needs --target COLUMN`, { file: src.data });
  const csv = await readCsv(src.data);
  const col = (name: string): number => {
    const j = csv.header.indexOf(name);
    if (j < 0) throw new UsageError('COLUMN_NOT_FOUND', `${src.data}: no column "${name}"; columns are ${csv.header.join(', ')}`, { file: src.data, column: name, available: [...csv.header] });
    return j;
  };
  const t = col(target);
  const sensitive: Record<string, string[]> = {};
  for (const s of o.sensitive) sensitive[s] = csv.rows.map((r) => r[col(s)] ?? '');
  const labels = csv.rows.map((r) => r[t] ?? '');
  const { y, classes } = labelsFrom(labels, o.classes ?? o.preprocessor?.classes, src.data);
  const n = csv.rows.length;
  let x: Float32Array;
  let featureNames: string[];
  if (o.preprocessor) {
    x = o.preprocessor.transform(csv, { requireTarget: false }).x;
    featureNames = o.preprocessor.featureNames;
  } else {
    const skip = new Set([target, ...o.sensitive]);
    const js = csv.header.map((h, j) => [h, j] as const).filter(([h, j]) => !skip.has(h) && csv.rows.every((r) => isNum(r[j] ?? '')));
    featureNames = js.map(([h]) => h);
    x = new Float32Array(n * js.length);
    csv.rows.forEach((r, i) => { js.forEach(([, j], k) => (x[i * js.length + k] = Number(r[j]))); });
  }
  const width = featureNames.length;
  if (width !== size(o.rowShape)) {
    throw new DataError('AUDIT_FEATURES', `${src.data}: ${width} numeric feature columns (${featureNames.join(', ')}) but the model expects ${size(o.rowShape)}; save preprocess.json beside the model or drop extra columns`, { file: src.data });
  }
  return { file: src.data, x: tensor('float32', [n, ...o.rowShape], x), y, classes, table: tableOf(csv), target, sensitive, featureNames };
}

/**
 * Reads one split: CSV (with `--target`) or `.npy` inputs with `.npy` labels.
 * @example `const train = await readSplit({ data: 'x.npy', labels: 'y.npy' }, { sensitive: [], rowShape: [1, 8, 8] });`
 */
export async function readSplit(src: SplitSource, o: ReadSplitOptions): Promise<AuditData> {
  if (!existsSync(src.data)) throw new UsageError('FILE_NOT_FOUND', `${src.data}: no such file`, { file: src.data });
  return src.data.toLowerCase().endsWith('.npy') ? readArrays(src, o) : readTabular(src, o);
}
