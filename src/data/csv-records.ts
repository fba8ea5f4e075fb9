import { parse, type CsvError, type Parser } from 'csv-parse';
import { DataError } from '../core/index.js';
import { readTextChunks } from './text-chunks.js';

/** Rows parsed so far, with the 1-based line each row starts on. */
export interface ParsedRows {
  readonly rows: string[][];
  readonly lines: number[];
}

/** Options of {@link CsvRecordParser}. */
export interface CsvRecordParserOptions {
  /** Field separator (one character). */
  readonly delimiter: string;
  /** Trim spaces around unquoted fields. */
  readonly trim: boolean;
  /** 0-based index of the record whose width every later record must have (e.g. the header). */
  readonly widthFromRecord?: number;
}

const newlines = (text: string): number => {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
};

/**
 * Incremental CSV parsing on csv-parse (RFC 4180: quoted fields may hold delimiters, `""` and
 * newlines; blank lines are skipped): feed text in pieces of any size and take the complete rows,
 * each with the line it starts on. Faults are `DataError`s naming file, line and column:
 * `CSV_UNTERMINATED_QUOTE`, `CSV_INVALID_QUOTE` (text after a closing quote), `CSV_RAGGED_ROW`
 * (once {@link expectedFields} is set) and `CSV_PARSE`.
 *
 * @example
 * ```ts
 * const p = new CsvRecordParser('a.csv', { delimiter: ',', trim: true });
 * const head = await p.feed('a,"b,c"\n1,');
 * const rest = await p.end(); // head.rows: [['a', 'b,c']]; rest.rows: [['1', '']]
 * ```
 */
export class CsvRecordParser {
  /** Number of fields each row must have; set after the header is read. */
  expectedFields: number | undefined;
  private readonly parser: Parser;
  private out: ParsedRows = { rows: [], lines: [] };
  /** Text fed and not yet behind a complete record (to locate faults): `tail` from `tailPos`, which is on line `tailLine`. */
  private tail = '';
  private tailPos = 0;
  private tailLine = 1;
  private records = 0;
  private held = '';
  private readonly widthFrom: number | undefined;
  private readonly delimiter: string;

  constructor(
    private readonly file: string,
    o: CsvRecordParserOptions,
  ) {
    this.widthFrom = o.widthFromRecord;
    this.delimiter = o.delimiter;
    this.parser = parse({
      delimiter: o.delimiter,
      trim: o.trim,
      relax_column_count: true,
      relax_quotes: true,
      // Fixed rather than detected, so that a piece ending between \r and \n parses the same.
      record_delimiter: ['\r\n', '\n'],
      skip_empty_lines: true,
      on_record: (record: string[], context) => {
        this.take(record, context.lines);
        return null;
      },
    });
    this.parser.on('error', () => undefined);
  }

  /** Parses the next piece of text; returns the rows it completed. */
  async feed(piece: string): Promise<ParsedRows> {
    // csv-parse encodes each piece to bytes: hold back half a surrogate pair for the next piece.
    let text = this.held + piece;
    const last = text.charCodeAt(text.length - 1);
    this.held = last >= 0xd800 && last <= 0xdbff ? text.slice(-1) : '';
    if (this.held !== '') text = text.slice(0, -1);
    this.tail = this.tail.slice(this.tailPos) + text;
    this.tailPos = 0;
    if (text !== '') await this.write(text);
    return this.drain();
  }

  /** Parses what is left; returns the last rows. */
  async end(): Promise<ParsedRows> {
    if (this.held !== '') {
      const text = this.held;
      this.held = '';
      await this.write(text);
    }
    await new Promise<void>((resolve, reject) => {
      this.parser.once('error', (e) => {
        reject(this.fault(e));
      });
      this.parser.end(() => {
        resolve();
      });
    });
    return this.drain();
  }

  private write(text: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.parser.write(text, (e) => {
        if (e) reject(this.fault(e));
        else resolve();
      });
    });
  }

  private drain(): ParsedRows {
    const out = this.out;
    this.out = { rows: [], lines: [] };
    return out;
  }

  /** The text of line `line` while it is still in the tail ('' once dropped). */
  private lineText(line: number): string {
    let at = this.tailPos;
    for (let l = this.tailLine; l < line && at >= 0; l++) at = this.tail.indexOf('\n', at) + 1 || -1;
    if (at < 0 || line < this.tailLine) return '';
    const end = this.tail.indexOf('\n', at);
    return this.tail.slice(at, end < 0 ? undefined : end).replace(/\r$/, '');
  }

  /** Forgets the tail up to the end of line `line`. */
  private dropThrough(line: number): void {
    while (this.tailLine <= line) {
      const i = this.tail.indexOf('\n', this.tailPos);
      if (i < 0) break;
      this.tailPos = i + 1;
      this.tailLine++;
    }
  }

  /** `endLine`: csv-parse's line of the record's last character. */
  private take(record: string[], endLine: number): void {
    const line = endLine - record.reduce((n, f) => n + newlines(f), 0);
    if (this.records++ === this.widthFrom) this.expectedFields ??= record.length;
    const want = this.expectedFields;
    if (want !== undefined && record.length !== want) {
      const text = this.lineText(line);
      let column = text.length + 1;
      if (record.length > want && !text.includes('"')) column = text.split(this.delimiter).slice(0, want).join(',').length + 2;
      throw new DataError(
        'CSV_RAGGED_ROW',
        `${this.file}:${line}:${column}: row has ${record.length} fields, expected ${want} like the header. ` +
          'Quote fields that contain the delimiter, or fix the row.',
        { file: this.file, line, column, expected: want, actual: record.length },
      );
    }
    this.dropThrough(endLine);
    this.out.rows.push(record);
    this.out.lines.push(line);
  }

  /** A csv-parse fault as a typed error at the record that is being read. */
  private fault(e: unknown): Error {
    if (e instanceof DataError) return e;
    const code = (e as Partial<CsvError>).code;
    if (code === 'CSV_QUOTE_NOT_CLOSED') {
      const rest = this.tail.slice(this.tailPos);
      const before = rest.slice(0, Math.max(0, rest.indexOf('"')));
      const line = this.tailLine + newlines(before);
      const column = before.length - before.lastIndexOf('\n');
      return new DataError(
        'CSV_UNTERMINATED_QUOTE',
        `${this.file}:${line}:${column}: a quoted field opened here is never closed. Close the quote, or write an inner quote as "".`,
        { file: this.file, line, column },
        { cause: e },
      );
    }
    const line = (e as { lines?: number }).lines ?? this.tailLine;
    if (code === 'CSV_INVALID_CLOSING_QUOTE' || code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE') {
      const d = this.delimiter.replace(/[\\^\]-]/g, '\\$&');
      const m = new RegExp(`(?:^|[${d}])\\s*"(?:[^"]|"")*"(?=[^\\s${d}"])`).exec(this.lineText(line));
      const column = m === null ? 1 : m.index + m[0].length + 1;
      return new DataError(
        'CSV_INVALID_QUOTE',
        `${this.file}:${line}:${column}: text after a closing quote. Quote the whole field and write an inner quote as "".`,
        { file: this.file, line, column },
        { cause: e },
      );
    }
    const message = e instanceof Error ? e.message : 'unknown fault';
    return new DataError('CSV_PARSE', `${this.file}:${line}: malformed CSV (${message}). Fix the record or re-export the file.`, { file: this.file, line }, { cause: e });
  }
}

/** Options of {@link readCsvRecords}. */
export interface CsvRecordOptions {
  readonly delimiter: string;
  readonly trim: boolean;
  readonly header: boolean;
  readonly columns: readonly string[] | undefined;
  readonly skipRecords: number;
  readonly batchRows: number;
}

/** The header (or given names) followed by batches of data records. */
export type CsvEvent = { readonly header: readonly string[]; readonly line: number } | { readonly batch: ParsedRows };

/**
 * Streams a CSV file (optionally `.gz`) as its header then batches of about `batchRows`
 * records, checking that the bytes are UTF-8, that column names are distinct and that every
 * record has as many fields as the header.
 *
 * @example
 * ```ts
 * for await (const ev of readCsvRecords('a.csv', opts)) if ('batch' in ev) use(ev.batch.rows);
 * ```
 */
export async function* readCsvRecords(path: string, o: CsvRecordOptions): AsyncGenerator<CsvEvent> {
  const parser = new CsvRecordParser(path, { delimiter: o.delimiter, trim: o.trim, widthFromRecord: o.skipRecords });
  const rows: string[][] = [];
  const lines: number[] = [];
  let skipped = 0;
  let header: { names: readonly string[]; line: number } | undefined;
  const add = (got: ParsedRows): void => {
    got.rows.forEach((r, i) => {
      if (skipped < o.skipRecords) {
        skipped++;
        return;
      }
      if (header === undefined) {
        header = headerOf(path, o, r, got.lines[i]!);
        parser.expectedFields = header.names.length;
        if (o.header) return;
      }
      const want = header.names.length;
      if (r.length !== want) {
        // Rows completed in the same piece as the header were parsed before its width was known.
        const line = got.lines[i]!;
        throw new DataError('CSV_RAGGED_ROW', `${path}:${line}:1: row has ${r.length} fields, expected ${want} like the header. Quote fields that contain the delimiter, or fix the row.`, { file: path, line, column: 1, expected: want, actual: r.length });
      }
      rows.push(r);
      lines.push(got.lines[i]!);
    });
  };
  let headerSent = false;
  const events = function* (final: boolean): Generator<CsvEvent> {
    if (header === undefined) return;
    if (!headerSent) {
      headerSent = true;
      yield { header: header.names, line: header.line };
    }
    if (rows.length >= o.batchRows || (final && rows.length > 0)) yield { batch: { rows: rows.splice(0), lines: lines.splice(0) } };
  };
  for await (const text of readTextChunks(path, 'CSV_INVALID_UTF8')) {
    add(await parser.feed(text));
    yield* events(false);
  }
  add(await parser.end());
  if (header === undefined) {
    throw new DataError('CSV_EMPTY', `${path}:1:1: the file has no header and no rows. Give a non-empty CSV file.`, { file: path, line: 1, column: 1 });
  }
  yield* events(true);
}

function headerOf(path: string, o: CsvRecordOptions, first: readonly string[], firstLine: number): { names: readonly string[]; line: number } {
  let names = o.header ? (o.columns ?? first) : (o.columns ?? first.map((_, i) => `column_${i + 1}`));
  const line = o.header ? firstLine : 0;
  names = names.map((n, i) => (n === '' ? `column_${i + 1}` : n));
  const seen = new Map<string, number>();
  names.forEach((n, i) => {
    const prev = seen.get(n);
    if (prev !== undefined) {
      throw new DataError('CSV_DUPLICATE_HEADER', `${path}:${line}: columns ${prev + 1} and ${i + 1} are both named "${n}". Rename one of them.`, { file: path, line, column: i + 1, name: n });
    }
    seen.set(n, i);
  });
  return { names, line };
}
