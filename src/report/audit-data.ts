import { DataError, UsageError, tensor, toFloat32, type HostTensor } from '../core/index.js';
import { columnIndex, compareClassNames, createTable, open, type ArrayDataset, type Column, type Preprocessor, type Table, type TableDataset } from '../data/index.js';
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
  /** A table file, an .npy / IDX / .npz array of inputs, an image folder or `mnist`. */
  readonly data: string;
  /** Labels .npy / IDX (required with .npy and IDX inputs). */
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

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

function labelsFrom(values: readonly string[], fixed: readonly string[] | undefined, file: string): { y: HostTensor<'int64'>; classes: readonly string[] } {
  const classes = fixed ?? [...new Set(values)].sort(compareClassNames);
  const index = new Map(classes.map((c, i) => [c, i]));
  const y = new BigInt64Array(values.length);
  values.forEach((v, i) => {
    const k = index.get(v);
    if (k === undefined) throw new DataError('LABELS_RANGE', `${file}: row ${i + 1}: class "${v}" is not one of the classes the model scores (${classes.length > 12 ? `${classes.slice(0, 12).join(', ')}, …` : classes.join(', ')}); fix the label or audit the model it belongs to`, { file, row: i + 1 });
    y[i] = BigInt(k);
  });
  return { y: tensor('int64', [values.length], y), classes };
}

async function readArrays(src: SplitSource, ds: ArrayDataset, o: ReadSplitOptions): Promise<AuditData> {
  const { x: raw, y: lab, labelFile, classes: named } = await ds.arrays();
  if (lab === undefined) throw new UsageError('AUDIT_LABELS', `${src.data}: ${ds.format} input needs its labels: pass --labels (and --test-labels for --test)`, { file: src.data });
  const n = raw.shape[0] ?? 0;
  const d = size(raw.shape.slice(1));
  if (d !== size(o.rowShape)) throw new DataError('AUDIT_FEATURES', `${src.data}: rows have ${d} values but the model expects [${o.rowShape.join(', ')}] = ${size(o.rowShape)}`, { file: src.data });
  const x = tensor('float32', [n, ...o.rowShape], toFloat32(raw).data);
  if ((lab.shape[0] ?? 0) !== n) throw new DataError('LABELS_LENGTH', `${labelFile}: ${lab.shape[0] ?? 0} labels for ${n} rows of ${src.data}`, { file: labelFile, expected: n, actual: lab.shape[0] ?? 0 });
  // Image folders (and MNIST) name their classes; integer label arrays are their own names.
  const names = Array.from(lab.data as ArrayLike<number | bigint>, (v) => (named === undefined ? String(v) : (named[Number(v)] ?? String(v))));
  const byModel = o.outputs === undefined || named !== undefined ? undefined : Array.from({ length: o.outputs }, (_, k) => String(k));
  const { y, classes } = labelsFrom(names, o.classes ?? named ?? byModel ?? [...new Set(names)].sort((a, b) => Number(a) - Number(b)), labelFile);
  const featureNames = Array.from({ length: d }, (_, j) => `x${j}`);
  const columns: Column[] = featureNames.map((name, j) => ({ name, type: 'number', values: Float64Array.from({ length: n }, (_, i) => x.data[i * d + j]!) }));
  columns.push({ name: 'label', type: 'string', values: names });
  return { file: src.data, x, y, classes, table: createTable(columns), target: 'label', sensitive: {}, featureNames };
}

async function readTabular(ds: TableDataset, o: ReadSplitOptions): Promise<AuditData> {
  const file = ds.name;
  const target = o.target;
  if (target === undefined) throw new UsageError('AUDIT_TARGET', `${file}: CSV data needs --target COLUMN naming the label column`, { file });
  // One read of the text cells (labels, sensitive values, the model's Preprocessor) and the data
  // layer's typed table (column kinds for the checks and the features of a model without one).
  const csv = await ds.text();
  const table = await ds.table();
  const col = (name: string, role: string): number => columnIndex(file, csv.header, name, role);
  const t = col(target, 'target');
  const sensitive: Record<string, string[]> = {};
  for (const s of o.sensitive) sensitive[s] = csv.rows.map((r) => r[col(s, 'sensitive')] ?? '');
  const labels = csv.rows.map((r) => r[t] ?? '');
  const { y, classes } = labelsFrom(labels, o.classes ?? o.preprocessor?.classes, file);
  const n = csv.rows.length;
  let x: Float32Array;
  let featureNames: string[];
  if (o.preprocessor) {
    x = o.preprocessor.transform(csv, { requireTarget: false }).x;
    featureNames = o.preprocessor.featureNames;
  } else {
    // Without a saved Preprocessor the model reads the numeric columns as they are: those the
    // data layer typed as numbers with a value in every row.
    const skip = new Set([target, ...o.sensitive]);
    const numeric = table.columns.filter((c) => !skip.has(c.name) && c.type === 'number' && c.values.every(Number.isFinite));
    featureNames = numeric.map((c) => c.name);
    const w = numeric.length;
    x = new Float32Array(n * w);
    numeric.forEach((c, k) => {
      c.values.forEach((v, i) => (x[i * w + k] = Number(v)));
    });
  }
  const width = featureNames.length;
  if (width !== size(o.rowShape)) {
    throw new DataError('AUDIT_FEATURES', `${file}: ${width} numeric feature columns (${featureNames.join(', ')}) but the model expects ${size(o.rowShape)}; save preprocess.json beside the model or drop extra columns`, { file });
  }
  return { file, x: tensor('float32', [n, ...o.rowShape], x), y, classes, table, target, sensitive, featureNames };
}

/**
 * Reads one split through the one data boundary (`open`): a table (with `--target`), `.npy` / IDX
 * arrays with their labels, `.npz` (`x`, `y`), an image folder or MNIST.
 * @example `const train = await readSplit({ data: 'x.npy', labels: 'y.npy' }, { sensitive: [], rowShape: [1, 8, 8] });`
 */
export async function readSplit(src: SplitSource, o: ReadSplitOptions): Promise<AuditData> {
  const ds = await open(src.data, { labels: src.labels });
  if (ds.kind === 'table') return readTabular(ds, o);
  return readArrays(src, ds, o);
}
