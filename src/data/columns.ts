import { DataError, UsageError } from '../core/index.js';
import { isNumericText } from './data-source.js';

/**
 * The index of column `name` among the `columns` of `file`: Keel's one spelling of "column not
 * found" for the table readers — a `COLUMN_NOT_FOUND` error (exit 2) naming the column, its role
 * and the columns the file has.
 *
 * @example
 * ```ts
 * const j = columnIndex('sms.tsv', source.columns, 'text', 'text');
 * ```
 */
export function columnIndex(file: string, columns: readonly string[], name: string, role?: string): number {
  const j = columns.indexOf(name);
  if (j >= 0) return j;
  const what = role === undefined ? 'column' : `${role} column`;
  throw new UsageError('COLUMN_NOT_FOUND', `${file}: no ${what} "${name}"; the file has: ${columns.join(', ')}. Pass one of those names.`, {
    file,
    column: name,
    available: [...columns],
    ...(role === undefined ? {} : { role }),
  });
}

/**
 * Watches a text column while it is read and refuses one that holds only numbers (`TEXT_NUMERIC`,
 * naming file, first line, column and field): the sign of a wrong `--text` column.
 *
 * @example
 * ```ts
 * const guard = new TextColumnGuard('sms.csv', 'message', 2);
 * for (...) guard.see(cell, line);
 * guard.check();
 * ```
 */
export class TextColumnGuard {
  private numeric = 0;
  private total = 0;
  private first: { text: string; line: number } | undefined;

  constructor(
    readonly file: string,
    readonly column: string,
    /** 1-based field number of the column. */
    readonly field: number,
  ) {}

  /** Counts one cell (its source line for the message). */
  see(text: string, line: number): void {
    this.first ??= { text, line };
    this.total++;
    if (isNumericText(text.trim())) this.numeric++;
  }

  /** Throws `TEXT_NUMERIC` when every cell seen was a number. */
  check(): void {
    if (this.first === undefined || this.numeric < this.total) return;
    const { file, column, field } = this;
    throw new DataError(
      'TEXT_NUMERIC',
      `${file}:${this.first.line}: column "${column}" (field ${field}) holds only numbers (first: "${this.first.text.trim()}"); --text must name the column of messages, not a numeric one`,
      { file, line: this.first.line, column, field },
    );
  }
}
