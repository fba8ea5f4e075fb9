import { DataError, type CodeOf } from '../core/index.js';

const QUOTE = 34;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

/** Options of {@link CsvParser}. */
export interface CsvParserOptions {
  /** File name used in error messages. */
  readonly file: string;
  /** Field separator (one character). Default `,`. */
  readonly delimiter?: string;
  /** Trim spaces and tabs around unquoted fields. Default `true`. */
  readonly trim?: boolean;
  /** 0-based index of the record whose width every later record must have (e.g. the header). */
  readonly widthFromRecord?: number;
}

/** Rows parsed so far, with the 1-based line each row starts on. */
export interface ParsedRows {
  readonly rows: string[][];
  readonly lines: number[];
}

/**
 * An incremental RFC 4180 CSV parser: feed it text in pieces of any size and it appends complete
 * rows. Quoted fields may contain delimiters, `""` and newlines. Blank lines are skipped. Errors
 * are {@link DataError}s naming file, line and column: `CSV_UNTERMINATED_QUOTE`,
 * `CSV_INVALID_QUOTE` (text after a closing quote) and `CSV_RAGGED_ROW`.
 *
 * @example
 * ```ts
 * const p = new CsvParser({ file: 'a.csv' });
 * const out = { rows: [], lines: [] };
 * p.feed('a,"b,c"\n1,', out); p.feed('2\n', out); p.end(out);
 * out.rows; // [['a', 'b,c'], ['1', '2']]
 * ```
 */
export class CsvParser {
  /** Number of fields each row must have; set after the header is read. */
  expectedFields: number | undefined;
  private readonly file: string;
  private readonly delim: number;
  private readonly trim: boolean;
  private row: string[] = [];
  private field = '';
  private inQuotes = false;
  private quoted = false;
  private closed = false;
  private pendingQuote = false;
  private line = 1;
  private rowLine = 1;
  private base = 0;
  private lineStart = 0;
  private quoteLine = 0;
  private quoteCol = 0;
  private extraFieldCol = 0;
  private rowQuoted = false;
  private records = 0;
  private readonly widthFrom: number | undefined;

  constructor(options: CsvParserOptions) {
    this.file = options.file;
    this.delim = (options.delimiter ?? ',').charCodeAt(0);
    this.trim = options.trim ?? true;
    this.widthFrom = options.widthFromRecord;
  }

  /** Current 1-based line and column (where the next character would be). */
  position(): { line: number; column: number } {
    return { line: this.line, column: this.base - this.lineStart + 1 };
  }

  /** Parses `text`, appending complete rows to `out`. */
  feed(text: string, out: ParsedRows): void {
    const n = text.length;
    let i = 0;
    let start = 0;
    if (this.pendingQuote) {
      this.pendingQuote = false;
      if (n > 0 && text.charCodeAt(0) === QUOTE) {
        this.field += '"';
        i = 1;
        start = 1;
      } else {
        this.inQuotes = false;
        this.closed = true;
      }
    }
    while (i < n) {
      const c = text.charCodeAt(i);
      if (this.inQuotes) {
        if (c === QUOTE) {
          this.field += text.slice(start, i);
          if (i + 1 >= n) {
            this.pendingQuote = true;
            i++;
            start = i;
            continue;
          }
          if (text.charCodeAt(i + 1) === QUOTE) {
            this.field += '"';
            i += 2;
          } else {
            this.inQuotes = false;
            this.closed = true;
            i++;
          }
          start = i;
          continue;
        }
        if (c === LF) {
          this.line++;
          this.lineStart = this.base + i + 1;
        }
        i++;
        continue;
      }
      if (c === this.delim) {
        this.endField(text.slice(start, i), this.base + i);
        i++;
        start = i;
        continue;
      }
      if (c === LF) {
        this.endField(text.slice(start, i), this.base + i);
        this.endRow(out, this.base + i);
        this.line++;
        this.lineStart = this.base + i + 1;
        this.rowLine = this.line;
        i++;
        start = i;
        continue;
      }
      if (this.closed) {
        if (c !== SPACE && c !== TAB && c !== CR) this.fail('CSV_INVALID_QUOTE', this.base + i, 'text after a closing quote', 'Quote the whole field and write an inner quote as "".');
        i++;
        start = i;
        continue;
      }
      if (c === QUOTE && !this.quoted && isBlank(this.field + text.slice(start, i))) {
        this.inQuotes = true;
        this.quoted = true;
        this.field = '';
        this.quoteLine = this.line;
        this.quoteCol = this.base + i - this.lineStart + 1;
        i++;
        start = i;
        continue;
      }
      i++;
    }
    if (start < n) this.field += text.slice(start, n);
    this.base += n;
  }

  /** Flushes the last row; throws `CSV_UNTERMINATED_QUOTE` if a quoted field never closed. */
  end(out: ParsedRows): void {
    if (this.pendingQuote) {
      this.pendingQuote = false;
      this.inQuotes = false;
    }
    if (this.inQuotes) {
      throw new DataError(
        'CSV_UNTERMINATED_QUOTE',
        `${this.file}:${this.quoteLine}:${this.quoteCol}: a quoted field opened here is never closed. ` +
          'Close the quote, or write an inner quote as "".',
        { file: this.file, line: this.quoteLine, column: this.quoteCol },
      );
    }
    if (this.row.length > 0 || this.field.length > 0 || this.quoted) {
      this.endField('', this.base);
      this.endRow(out, this.base);
    }
  }

  private endField(tail: string, absPos: number): void {
    let value = this.field + tail;
    if (!this.quoted) {
      if (value.charCodeAt(value.length - 1) === CR) value = value.slice(0, -1);
      if (this.trim) value = value.trim();
    }
    if (this.expectedFields !== undefined && this.row.length === this.expectedFields) {
      this.extraFieldCol = absPos - this.lineStart + 1 - value.length;
    }
    if (this.quoted) this.rowQuoted = true;
    this.row.push(value);
    this.field = '';
    this.quoted = false;
    this.closed = false;
  }

  private endRow(out: ParsedRows, absPos: number): void {
    const row = this.row;
    this.row = [];
    const quoted = this.rowQuoted;
    this.rowQuoted = false;
    if (row.length === 1 && row[0] === '' && !quoted) return;
    const exp = this.expectedFields;
    if (exp !== undefined && row.length !== exp) {
      const column = row.length > exp ? this.extraFieldCol : absPos - this.lineStart + 1;
      throw new DataError(
        'CSV_RAGGED_ROW',
        `${this.file}:${this.rowLine}:${column}: row has ${row.length} fields, expected ${exp} like the header. ` +
          'Quote fields that contain the delimiter, or fix the row.',
        { file: this.file, line: this.rowLine, column, expected: exp, actual: row.length },
      );
    }
    out.rows.push(row);
    out.lines.push(this.rowLine);
    if (this.records++ === this.widthFrom && exp === undefined) this.expectedFields = row.length;
  }

  private fail(code: CodeOf<'DataError'>, absPos: number, what: string, fix: string): never {
    const column = absPos - this.lineStart + 1;
    throw new DataError(code, `${this.file}:${this.line}:${column}: ${what}. ${fix}`, {
      file: this.file,
      line: this.line,
      column,
    });
  }
}

function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== SPACE && c !== TAB) return false;
  }
  return true;
}
