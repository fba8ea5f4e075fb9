import { existsSync, statSync } from 'node:fs';
import { DataError, UsageError, type HostTensor } from '../core/index.js';
import { getNpzArray, readIdx, readNpy, readNpz } from '../io/index.js';
import { loadMnist } from '../datasets/index.js';
import type { DataInput, DataSource, ReadOptions } from './data-source.js';
import { listImageFolder, loadImageFolder } from './image-folder.js';
import { openSource } from './open-source.js';
import type { RawCsv } from './preprocessor.js';
import { readCsv } from './read-csv.js';
import { loadTable } from './load-table.js';
import type { Table } from './table.js';

/** A table file (CSV, TSV, JSON lines; optionally `.gz`): rows of named, typed columns. */
export interface TableDataset {
  readonly kind: 'table';
  readonly name: string;
  readonly format: 'csv' | 'tsv' | 'jsonl';
  readonly columns: readonly string[];
  /** The streaming rows (column types inferred), for data larger than memory. */
  readonly source: DataSource;
  /** The whole file as a typed table (missing markers → NaN / null). */
  table(): Promise<Table>;
  /** The whole file as text cells, every text kept as written: what a {@link Preprocessor} fits on. */
  text(): Promise<RawCsv>;
}

/** Arrays or images: `.npy` / IDX (labels from a second file), `.npz` (`x`, `y`), an image folder, or `mnist` / `mnist-test`. */
export interface ArrayDataset {
  readonly kind: 'arrays';
  readonly name: string;
  readonly format: 'npy' | 'npz' | 'idx' | 'images' | 'mnist';
  /** Features (first axis = rows), labels when known, and class names for folders and MNIST. */
  arrays(): Promise<{ readonly x: HostTensor; readonly y: HostTensor | undefined; readonly labelFile: string; readonly classes: readonly string[] | undefined }>;
}

/** Every source Keel reads, as one type. */
export type Dataset = TableDataset | ArrayDataset;

/** Options of {@link open}. */
export interface OpenOptions extends ReadOptions {
  /** Labels of `.npy` / IDX features (a `.npy` or IDX file). */
  readonly labels?: string | undefined;
}

const TABLE = /\.(csv|tsv|jsonl|ndjson)(\.gz)?$/i;
const IDX = /idx\d-ubyte(\.gz)?$|\.idx$/i;

/**
 * True for a file the table reader takes: `.csv`, `.tsv`, `.jsonl` / `.ndjson` (optionally `.gz`).
 * @example `isTabularPath('adult.csv.gz'); // true`
 */
export function isTabularPath(path: string): boolean {
  return TABLE.test(path);
}

/**
 * Keel's one data boundary: opens any source it reads (CSV / TSV / JSON lines through the one
 * streaming csv-parse reader with its checks — UTF-8, distinct column names, ragged rows,
 * quoting; `.npy`, `.npz`, IDX, image folders, MNIST) as a {@link Dataset}. Tables are read
 * lazily; arrays when asked for.
 *
 * @example
 * ```ts
 * const ds = await open('adult.csv');
 * if (ds.kind === 'table') { const csv = await ds.text(); }
 * ```
 */
export async function open(path: string, options: OpenOptions = {}): Promise<Dataset> {
  if (path === 'mnist' || path === 'mnist-test') {
    return {
      kind: 'arrays',
      name: path,
      format: 'mnist',
      arrays: () => {
        const m = loadMnist({ shape: 'image' });
        const part = path === 'mnist' ? m.train : m.test;
        return Promise.resolve({ x: part.x, y: part.y, labelFile: path, classes: Array.from({ length: 10 }, (_, i) => String(i)) });
      },
    };
  }
  if (!existsSync(path)) throw new UsageError('FILE_NOT_FOUND', `${path}: no such file or folder`, { file: path });
  if (statSync(path).isDirectory()) {
    if (options.labels !== undefined) throw new UsageError('LABELS_FOR_FOLDER', `${path}: an image folder takes its labels from its sub-folders; drop --labels.`, { file: path });
    return {
      kind: 'arrays',
      name: path,
      format: 'images',
      arrays: async () => {
        const { x, y, classes } = await loadImageFolder(await listImageFolder(path));
        return { x, y, labelFile: path, classes };
      },
    };
  }
  if (isTabularPath(path) || options.format !== undefined) {
    const source = await openSource(path, options);
    const format = options.format === 'jsonl' || /\.(jsonl|ndjson)(\.gz)?$/i.test(path) ? 'jsonl' : /\.tsv(\.gz)?$/i.test(path) ? 'tsv' : 'csv';
    const layout = options.header === false ? { columns: options.columns } : {};
    return { kind: 'table', name: path, format, columns: source.columns, source, table: () => loadTable(path, options), text: () => readCsv(path, layout) };
  }
  // An empty table is the table reader's CSV_EMPTY (with line and column); an empty array file is this.
  if (statSync(path).size === 0) throw new DataError('DATA_EMPTY', `${path}: the file is empty; give a non-empty .npy, .npz or IDX file`, { file: path });
  const format = /\.npz$/i.test(path) ? 'npz' : /\.npy$/i.test(path) ? 'npy' : IDX.test(path) ? 'idx' : undefined;
  if (format === undefined) {
    throw new UsageError('DATA_FORMAT', `${path}: unknown data format; use .csv / .tsv / .jsonl (with a target column), .npy or IDX (with labels), .npz (arrays x and y), a folder of class folders, or mnist`, { file: path });
  }
  return {
    kind: 'arrays',
    name: path,
    format,
    arrays: () => Promise.resolve({ ...readArrayPair(path, options.labels), classes: undefined }),
  };
}

/** `.npz` (arrays `x` and `y`), or `.npy` / IDX features with an optional `.npy` / IDX label file (`y` undefined without one). */
function readArrayPair(path: string, labels: string | undefined): { x: HostTensor; y: HostTensor | undefined; labelFile: string } {
  if (/\.npz$/i.test(path)) {
    const arrays = readNpz(path, { require: ['x', 'y'] });
    return { x: getNpzArray(arrays, 'x', path), y: getNpzArray(arrays, 'y', path), labelFile: `${path}:y.npy` };
  }
  const read = (file: string): HostTensor => (IDX.test(file) ? readIdx(file) : readNpy(file));
  return { x: read(path), y: labels === undefined ? undefined : read(labels), labelFile: labels ?? path };
}

/**
 * The streaming rows of a table: a path through {@link open} (its checks, one reader), or an
 * in-memory {@link Table}. A path without a table extension is read as CSV unless
 * `options.format` says otherwise; a folder or MNIST is a `DATA_FORMAT` error.
 *
 * @example
 * ```ts
 * const source = await openTable('sms.tsv', { trim: false });
 * ```
 */
export async function openTable(input: DataInput, options: ReadOptions = {}): Promise<DataSource> {
  if (typeof input !== 'string') return openSource(input, options);
  const format = options.format ?? (isTabularPath(input) ? undefined : 'csv');
  const ds = await open(input, { ...options, ...(format === undefined ? {} : { format }) });
  if (ds.kind !== 'table') throw new UsageError('DATA_FORMAT', `${input}: expected a table (.csv, .tsv, .jsonl, optionally .gz), got ${ds.format} data; pass a table file`, { file: input });
  return ds.source;
}
