import { UsageError } from '../core/index.js';

/** The two cell types Keel's tabular loaders infer: numbers and text. */
export type ColumnType = 'number' | 'string';

/** A numeric column; `NaN` marks a missing cell. */
export interface NumberColumn {
  readonly name: string;
  readonly type: 'number';
  readonly values: Float64Array;
}

/** A text column; `null` marks a missing cell. */
export interface StringColumn {
  readonly name: string;
  readonly type: 'string';
  readonly values: readonly (string | null)[];
}

/** One column of a {@link Table}. */
export type Column = NumberColumn | StringColumn;

/**
 * An in-memory, column-major table. Row `i` is `columns.map(c => c.values[i])`.
 *
 * @example
 * ```ts
 * const t = createTable([
 *   { name: 'x', type: 'number', values: Float64Array.from([1, 2]) },
 *   { name: 'y', type: 'string', values: ['a', null] },
 * ]);
 * t.rowCount; // 2
 * ```
 */
export interface Table {
  readonly columns: readonly Column[];
  readonly rowCount: number;
}

/**
 * Builds a {@link Table} after checking that all columns have the same length and distinct names.
 *
 * @example
 * ```ts
 * const t = createTable([{ name: 'x', type: 'number', values: new Float64Array(3) }]);
 * ```
 */
export function createTable(columns: readonly Column[]): Table {
  const rowCount = columns[0]?.values.length ?? 0;
  const seen = new Set<string>();
  for (const c of columns) {
    if (c.values.length !== rowCount) {
      throw new UsageError(
        'TABLE_COLUMN_LENGTH',
        `Column "${c.name}" has ${c.values.length} values but the first column has ${rowCount}. ` +
          'Give every column the same number of rows.',
        { column: c.name, expected: rowCount, actual: c.values.length },
      );
    }
    if (seen.has(c.name)) {
      throw new UsageError('TABLE_DUPLICATE_COLUMN', `Column name "${c.name}" appears twice; rename one.`, {
        column: c.name,
      });
    }
    seen.add(c.name);
  }
  return Object.freeze({ columns: Object.freeze([...columns]), rowCount });
}

/**
 * Returns the column called `name`, or throws a `COLUMN_NOT_FOUND` usage error listing the columns.
 *
 * @example
 * ```ts
 * const label = getColumn(table, 'label');
 * ```
 */
export function getColumn(table: Table, name: string): Column {
  const c = table.columns.find((col) => col.name === name);
  if (c === undefined) {
    throw new UsageError(
      'COLUMN_NOT_FOUND',
      `Column "${name}" not found; the table has: ${table.columns.map((x) => x.name).join(', ')}.`,
      { column: name, available: table.columns.map((x) => x.name) },
    );
  }
  return c;
}

/**
 * The text form of one cell (`''` when missing), as a CSV writer would print it.
 *
 * @example
 * ```ts
 * cellText(table.columns[0]!, 3); // '4.5'
 * ```
 */
export function cellText(column: Column, row: number): string {
  if (column.type === 'number') {
    const v = column.values[row]!;
    return Number.isNaN(v) ? '' : String(v);
  }
  return column.values[row] ?? '';
}

/**
 * Selects rows by index (in the given order, repeats allowed) into a new table.
 *
 * @example
 * ```ts
 * const firstTwo = takeRows(table, [0, 1]);
 * ```
 */
export function takeRows(table: Table, rows: readonly number[]): Table {
  return createTable(
    table.columns.map((c): Column => {
      if (c.type === 'number') {
        const out = new Float64Array(rows.length);
        rows.forEach((r, i) => (out[i] = c.values[r]!));
        return { name: c.name, type: 'number', values: out };
      }
      return { name: c.name, type: 'string', values: rows.map((r) => c.values[r] ?? null) };
    }),
  );
}
