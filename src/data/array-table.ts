import type { HostTensor } from '../core/index.js';
import { createTable, type Column, type Table } from './table.js';
import type { Dataset } from './open.js';

/** Name of the label column of an array read as a table. */
export const ARRAY_LABEL_COLUMN = 'label';

/** Column names of a 2-D array read as a table: `x0`, `x1`, ... */
export function arrayColumnName(j: number): string {
  return `x${j}`;
}

/**
 * The columns `x0`, `x1`, … of a 2-D array (rows × features); NaN and ±Infinity become missing.
 * @example `createTable(arrayColumns(pixels.x)) // per-pixel columns`
 */
export function arrayColumns(x: HostTensor): Column[] {
  const n = x.shape[0] ?? 0;
  const d = x.shape[1] ?? 0;
  return Array.from({ length: d }, (_, j): Column => {
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = Number(x.data[i * d + j]);
      values[i] = Number.isFinite(v) ? v : Number.NaN; // NaN and ±Infinity count as missing
    }
    return { name: arrayColumnName(j), type: 'number', values };
  });
}

function table(x: HostTensor, y: HostTensor | undefined): Table {
  const n = x.shape[0] ?? 0;
  const columns = arrayColumns(x);
  // Without a label file (a test split) the label column is there but empty (missing).
  const labels = y === undefined ? new Array<string | null>(n).fill(null) : Array.from(y.data as ArrayLike<number | bigint>, (v) => String(v));
  columns.push({ name: ARRAY_LABEL_COLUMN, type: 'string', values: labels });
  return createTable(columns);
}

/**
 * A 2-D array dataset (`.npy` / `.npz` / IDX from {@link open}, rows × features) as a table, so
 * `keel check` runs the tabular checks on it — missing values (NaN and ±Infinity), outliers,
 * constant features, duplicates, leakage, label issues — instead of treating rows as images.
 * Undefined for tables, image folders, MNIST and arrays of any other rank.
 *
 * @example
 * ```ts
 * const t = await arrayDatasetTable(await open('x.npy', { labels: 'y.npy' })); // columns x0..x29, label
 * ```
 */
export async function arrayDatasetTable(ds: Dataset): Promise<Table | undefined> {
  if (ds.kind !== 'arrays' || ds.format === 'images' || ds.format === 'mnist') return undefined;
  const { x, y } = await ds.arrays();
  if (x.shape.length !== 2) return undefined;
  return table(x, y);
}
