import { DataError, UsageError, isFloat, toFloat32, type HostTensor } from '../core/index.js';
import { gatherRows, splitRows } from '../train/index.js';
import { open } from './open.js';
import { Preprocessor } from './preprocessor.js';

/** Where training data comes from (see `keel train --data`). */
export interface DataSpec {
  /** `.csv` (with `target`), `.npy` / IDX (with `labels`), a folder of class folders, or `mnist` / `mnist-test`. */
  readonly data: string;
  readonly labels?: string | undefined;
  readonly target?: string | undefined;
  /** Classification (default) or regression targets. */
  readonly task?: 'classification' | 'regression';
  /** The model's number of classes when it exists already (`keel train --init`): larger labels are errors. */
  readonly classes?: number | undefined;
  /** The model's input type: `int64` keeps integer array features as token ids (an imported model whose input is int64, such as an embedding); default float32. */
  readonly inputDtype?: 'float32' | 'int64' | undefined;
}

/** Loaded training data: features, targets, class names and (tabular) the fitted preprocessor. */
export interface TrainingData {
  /** Features (float32), or token ids [N, T] (int64) for a text model. */
  readonly x: HostTensor<'float32'> | HostTensor<'int64'>;
  readonly y: HostTensor;
  readonly classes: readonly string[];
  readonly preprocessor?: Preprocessor;
}

function toFloat(t: HostTensor, file: string): HostTensor<'float32'> {
  if (t.dtype === 'bool') throw new DataError('DATA_DTYPE', `${file}: features must be numeric, got bool`, { file });
  if (t.dtype !== 'uint8') return toFloat32(t);
  return { dtype: 'float32', shape: t.shape, data: Float32Array.from(t.data as Uint8Array, (v) => v / 255) };
}

/** Array features as the model's input type: int64 token ids for an int64 input, else float32. */
function toFeatures(t: HostTensor, file: string, inputDtype: DataSpec['inputDtype']): HostTensor<'float32'> | HostTensor<'int64'> {
  if (inputDtype !== 'int64') return toFloat(t, file);
  if (isFloat(t.dtype) || t.dtype === 'bool') throw new DataError('DATA_DTYPE', `${file}: the model reads int64 token ids, got ${t.dtype} features; save integer ids (x.astype(np.int64))`, { file, expected: 'int64', actual: t.dtype });
  return t.dtype === 'int64' ? (t as HostTensor<'int64'>) : { dtype: 'int64', shape: t.shape, data: BigInt64Array.from(t.data as ArrayLike<number>, (v) => BigInt(v)) };
}

function labelsOf(t: HostTensor, file: string, rows: number, limit: number | undefined): { y: HostTensor<'int64'>; classes: string[] } {
  if (t.shape.length !== 1 || t.shape[0] !== rows) throw new DataError('LABELS_LENGTH', `${file}: expected ${rows} labels (one per data row) as a 1-D array, got shape [${t.shape.join(',')}]`, { file, expected: rows });
  const y = new BigInt64Array(rows);
  let max = -1;
  for (let i = 0; i < rows; i++) {
    const v = Number(t.data[i]);
    if (!Number.isInteger(v) || v < 0) throw new DataError('LABELS_RANGE', `${file}: label ${v} at row ${i} is not a class index (a non-negative integer)`, { file, row: i, value: v });
    if (limit !== undefined && v >= limit) throw new DataError('LABELS_RANGE', `${file}: label ${v} at row ${i} is outside the model's ${limit} classes [0, ${limit - 1}]`, { file, row: i, value: v, classes: limit });
    y[i] = BigInt(v);
    max = Math.max(max, v);
  }
  return { y: { dtype: 'int64', shape: [rows], data: y }, classes: Array.from({ length: max + 1 }, (_, i) => String(i)) };
}

function checkFinite(x: HostTensor<'float32'> | HostTensor<'int64'>, file: string): void {
  if (x.dtype === 'int64') return;
  const row = x.data.length / Math.max(1, x.shape[0] ?? 1);
  for (let i = 0; i < x.data.length; i++) {
    if (!Number.isFinite(x.data[i]!)) {
      const r = Math.floor(i / row);
      throw new DataError('DATA_NAN', `${file}: row ${r}, column ${i - r * row} is ${x.data[i]} (not finite); clean or impute the data first`, { file, row: r, column: i - r * row });
    }
  }
}

/** {@link loadDataset}'s result: the two parts and which rows of the source each holds. */
export interface LoadedData {
  readonly train: TrainingData;
  readonly val: TrainingData | undefined;
  /** Source row indices (0-based data rows) of the training and validation parts. */
  readonly rows: { readonly train: Int32Array; readonly val: Int32Array };
}

/**
 * Loads a data set for training and splits off validation rows (stratified, seeded). Tabular
 * files are read by the one streaming reader (the checks of `keel check`) and their
 * {@link Preprocessor} (standardization, one-hot) is fitted on the training rows only.
 * @example `const { train, val } = await loadDataset({ data: 'iris.csv', target: 'species' }, 0.2, 0);`
 */
export async function loadDataset(spec: DataSpec, valSplit: number, seed: number): Promise<LoadedData> {
  const file = spec.data;
  const classification = (spec.task ?? 'classification') === 'classification';
  const split = (x: TrainingData['x'], y: HostTensor, classes: string[], labelFile: string): LoadedData => {
    if ((x.shape[0] ?? 0) === 0) throw new DataError('DATA_EMPTY', `${file}: no rows`, { file });
    checkFinite(x, file);
    if (!(valSplit > 0)) return { train: { x, y, classes }, val: undefined, rows: { train: Int32Array.from({ length: x.shape[0] ?? 0 }, (_, i) => i), val: new Int32Array(0) } };
    const s = splitRows(x.shape[0] ?? 0, valSplit, seed, classification ? y : undefined, labelFile);
    return { train: { x: gatherRows(x, s.train) as TrainingData['x'], y: gatherRows(y, s.train), classes }, val: { x: gatherRows(x, s.val) as TrainingData['x'], y: gatherRows(y, s.val), classes }, rows: s };
  };
  const ds = await open(file, { labels: spec.labels });
  if (ds.kind === 'table') {
    if (!spec.target) throw new UsageError('CLI_OPTION', `${file}: a table needs --target COLUMN naming the label column`, { file });
    const csv = await ds.text();
    const task = classification ? 'classification' : 'regression';
    const pre0 = Preprocessor.fit(csv, { target: spec.target, trainRows: [], task });
    const t = csv.header.indexOf(spec.target);
    const classIdx = new Map(pre0.classes.map((c, i) => [c, i]));
    const yAll: HostTensor = classification ? { dtype: 'int64', shape: [csv.rows.length], data: BigInt64Array.from(csv.rows, (r) => BigInt(classIdx.get(r[t] ?? '') ?? 0)) } : { dtype: 'float32', shape: [csv.rows.length], data: new Float32Array(csv.rows.length) };
    const n = csv.rows.length;
    const s = valSplit > 0 ? splitRows(n, valSplit, seed, classification ? yAll : undefined, file) : { train: Int32Array.from({ length: n }, (_, i) => i), val: new Int32Array(0) };
    const pre = Preprocessor.fit(csv, { target: spec.target, trainRows: s.train, task });
    const all = pre.transform(csv);
    const x: HostTensor<'float32'> = { dtype: 'float32', shape: [n, all.width], data: all.x };
    const y: HostTensor = classification ? { dtype: 'int64', shape: [n], data: BigInt64Array.from(all.y, (v) => BigInt(v)) } : { dtype: 'float32', shape: [n], data: Float32Array.from(all.y) };
    const part = (idx: Int32Array): TrainingData => ({ x: gatherRows(x, idx) as HostTensor<'float32'>, y: gatherRows(y, idx), classes: pre.classes, preprocessor: pre });
    return { train: part(s.train), val: s.val.length > 0 ? part(s.val) : undefined, rows: s };
  }
  const arrays = await ds.arrays();
  if (arrays.classes !== undefined && arrays.y !== undefined) return split(toFloat(arrays.x, file), arrays.y, [...arrays.classes], file);
  if (arrays.y === undefined) throw new UsageError('CLI_OPTION', `${file}: ${ds.format === 'idx' ? 'IDX' : '.npy'} features need --labels FILE`, { file });
  const x = toFeatures(arrays.x, file, spec.inputDtype);
  if (!classification) return split(x, toFloat(arrays.y, arrays.labelFile), [], arrays.labelFile);
  const { y, classes } = labelsOf(arrays.y, arrays.labelFile, x.shape[0] ?? 0, spec.classes);
  return split(ds.format === 'idx' && x.shape.length === 3 ? { ...x, shape: [x.shape[0]!, 1, x.shape[1]!, x.shape[2]!] } : x, y, classes, arrays.labelFile);
}

