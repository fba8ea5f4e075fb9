import type { ColumnType, Table } from './table.js';

/** Markers read as a missing cell unless {@link ReadOptions.missing} says otherwise. */
export const DEFAULT_MISSING_MARKERS: readonly string[] = ['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL', 'None', '?'];

/**
 * How to read a CSV or JSON-lines file. All fields are optional.
 *
 * @example
 * ```ts
 * const opts: ReadOptions = { schema: { zip: 'string' }, missing: ['', '-'] };
 * ```
 */
export interface ReadOptions {
  /** `csv` or `jsonl`; default from the extension (`.jsonl`, `.ndjson` → jsonl, else csv). */
  readonly format?: 'csv' | 'jsonl';
  /** CSV field separator; default `,` (tab for `.tsv`). */
  readonly delimiter?: string;
  /** Trim spaces around unquoted CSV fields; default true. */
  readonly trim?: boolean;
  /** First CSV record is the header; default true. */
  readonly header?: boolean;
  /** Column names: required when `header` is false, otherwise they replace the header's names. */
  readonly columns?: readonly string[];
  /** Records to skip before the header (e.g. a banner line); default 0. */
  readonly skipRecords?: number;
  /** Column types that override inference. */
  readonly schema?: Readonly<Record<string, ColumnType>>;
  /** Cell texts that mean "missing"; default {@link DEFAULT_MISSING_MARKERS}. */
  readonly missing?: readonly string[];
  /** Rows per chunk (memory bound of one streaming step); default 16384. */
  readonly chunkRows?: number;
  /** Rows read to infer column types; default 10000. */
  readonly inferRows?: number;
  /** Read every column as text, with no type inference (what a {@link Preprocessor} fits on). */
  readonly allText?: boolean;
}

/** A block of consecutive rows as raw text, column-major. */
export interface RowChunk {
  /** 0-based index of the chunk's first data row. */
  readonly offset: number;
  readonly length: number;
  /** 1-based source line of each row (empty for in-memory tables). */
  readonly lines: readonly number[];
  /** `cells[column][row]`: trimmed cell text; missing cells hold a missing marker. */
  readonly cells: readonly (readonly string[])[];
}

/**
 * A re-readable stream of rows with known column names and types: a file on disk or a table.
 * `chunks()` may be called several times (one streaming pass each).
 *
 * @example
 * ```ts
 * const src = await openSource('train.csv');
 * for await (const chunk of src.chunks()) console.log(chunk.length);
 * ```
 */
export interface DataSource {
  /** File path, or `<table>`. */
  readonly name: string;
  readonly columns: readonly string[];
  readonly types: readonly ColumnType[];
  /** Texts that mean a missing cell. */
  readonly missing: ReadonlySet<string>;
  chunks(): AsyncIterable<RowChunk>;
}

/** Input accepted wherever data is expected: a file path or an in-memory table. */
export type DataInput = string | Table;

/**
 * True when `text` is a number Keel's loaders accept (decimal or exponent notation, ±Infinity).
 *
 * @example
 * ```ts
 * isNumericText('1e-3'); // true
 * isNumericText('0x10'); // false
 * ```
 */
export function isNumericText(text: string): boolean {
  return !Number.isNaN(parseNumeric(text));
}

/**
 * The number `text` denotes, or `NaN` when it is not a number by {@link isNumericText}'s rules.
 *
 * @example
 * ```ts
 * parseNumeric('2.5'); // 2.5
 * parseNumeric(''); // NaN
 * ```
 */
export function parseNumeric(text: string): number {
  const n = text.length;
  if (n === 0) return Number.NaN;
  const c = text.charCodeAt(n - 1);
  // Fast reject: numbers end in a digit, '.', or 'y' (Infinity).
  if (!((c >= 48 && c <= 57) || c === 46 || c === 121)) return Number.NaN;
  if (n > 1 && (text.charCodeAt(1) | 32) === 120 && text.charCodeAt(0) === 48) return Number.NaN;
  return Number(text);
}

/**
 * Infers each column's type from sample rows: `number` when every non-missing sample cell is
 * numeric (and at least one is), otherwise `string`. `schema` entries win.
 *
 * @example
 * ```ts
 * inferTypes(['a'], [['1', '2']], new Set(['']), {}); // ['number']
 * ```
 */
export function inferTypes(
  columns: readonly string[],
  cells: readonly (readonly string[])[],
  missing: ReadonlySet<string>,
  schema: Readonly<Record<string, ColumnType>>,
): ColumnType[] {
  return columns.map((name, j) => {
    const forced = schema[name];
    if (forced !== undefined) return forced;
    let seen = false;
    for (const t of cells[j] ?? []) {
      if (missing.has(t)) continue;
      if (!isNumericText(t)) return 'string';
      seen = true;
    }
    return seen ? 'number' : 'string';
  });
}
