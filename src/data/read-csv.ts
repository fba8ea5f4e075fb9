import { loadTable } from './load-table.js';
import type { RawCsv } from './preprocessor.js';
import { cellText } from './table.js';

/** Options of {@link readCsv}. */
export interface ReadCsvOptions {
  /** Column names of a header-less file. */
  readonly columns?: readonly string[] | undefined;
}

/**
 * Reads a whole CSV / TSV / JSON-lines file (optionally `.gz`) as text cells for a
 * {@link Preprocessor}, through the one streaming reader: the same checks as `keel check`
 * (UTF-8, distinct column names, ragged rows, quoting) and the same typed errors. No cell is
 * read as missing: every text is kept as written.
 *
 * @example
 * ```ts
 * const csv = await readCsv('adult.csv');
 * csv.header; // ['age', 'workclass', ...]
 * ```
 */
export async function readCsv(file: string, o: ReadCsvOptions = {}): Promise<RawCsv> {
  const layout = o.columns === undefined ? {} : { header: false, columns: o.columns };
  const table = await loadTable(file, { ...layout, allText: true, missing: [] });
  const rows = Array.from({ length: table.rowCount }, (_, i) => table.columns.map((c) => cellText(c, i)));
  return { file, header: table.columns.map((c) => c.name), rows };
}
