import { DataError } from '../core/index.js';
import { CsvParser, type ParsedRows } from './csv-parser.js';
import { readTextChunks } from './text-chunks.js';

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
 * Streams a CSV file as its header then batches of about `batchRows` records, checking that
 * every record has as many fields as the header and that the bytes are UTF-8.
 *
 * @example
 * ```ts
 * for await (const ev of readCsvRecords('a.csv', opts)) if ('batch' in ev) use(ev.batch.rows);
 * ```
 */
export async function* readCsvRecords(path: string, o: CsvRecordOptions): AsyncGenerator<CsvEvent> {
  const parser = new CsvParser({
    file: path,
    delimiter: o.delimiter,
    trim: o.trim,
    widthFromRecord: o.skipRecords,
  });
  let out: ParsedRows = { rows: [], lines: [] };
  let skipped = 0;
  let headerDone = false;
  const takeHeader = function* (): Generator<CsvEvent> {
    while (skipped < o.skipRecords && out.rows.length > 0) {
      out.rows.shift();
      out.lines.shift();
      skipped++;
    }
    if (headerDone || skipped < o.skipRecords || out.rows.length === 0) return;
    headerDone = true;
    let names: readonly string[];
    let line = out.lines[0]!;
    if (o.header) {
      names = out.rows.shift()!;
      out.lines.shift();
      if (o.columns !== undefined) names = o.columns;
    } else {
      names = o.columns ?? out.rows[0]!.map((_, i) => `column_${i + 1}`);
      line = 0;
    }
    names = names.map((n, i) => (n === '' ? `column_${i + 1}` : n));
    checkNames(path, names, line);
    parser.expectedFields = names.length;
    for (let i = 0; i < out.rows.length; i++) {
      if (out.rows[i]!.length !== names.length) {
        // Re-check rows parsed before the header was known.
        const line = out.lines[i]!;
        throw new DataError(
          'CSV_RAGGED_ROW',
          `${path}:${line}:1: row has ${out.rows[i]!.length} fields, expected ${names.length} like the header. ` +
            'Quote fields that contain the delimiter, or fix the row.',
          { file: path, line, column: 1, expected: names.length, actual: out.rows[i]!.length },
        );
      }
    }
    yield { header: names, line };
  };
  for await (const chunk of readTextChunks(path)) {
    if ('invalid' in chunk) {
      parser.feed(chunk.invalid.validPrefix, out);
      const { line, column } = parser.position();
      throw new DataError(
        'CSV_INVALID_UTF8',
        `${path}:${line}:${column}: byte ${chunk.invalid.byteOffset} is not valid UTF-8. ` +
          'Re-save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8).',
        { file: path, line, column, byteOffset: chunk.invalid.byteOffset },
      );
    }
    parser.feed(chunk.text, out);
    yield* takeHeader();
    if (headerDone && out.rows.length >= o.batchRows) {
      yield { batch: out };
      out = { rows: [], lines: [] };
    }
  }
  parser.end(out);
  yield* takeHeader();
  if (!headerDone) {
    throw new DataError('CSV_EMPTY', `${path}:1:1: the file has no header and no rows. Give a non-empty CSV file.`, {
      file: path,
      line: 1,
      column: 1,
    });
  }
  if (out.rows.length > 0) yield { batch: out };
}

function checkNames(path: string, names: readonly string[], line: number): void {
  const seen = new Map<string, number>();
  names.forEach((n, i) => {
    const prev = seen.get(n);
    if (prev !== undefined) {
      throw new DataError(
        'CSV_DUPLICATE_HEADER',
        `${path}:${line}: columns ${prev + 1} and ${i + 1} are both named "${n}". Rename one of them.`,
        { file: path, line, column: i + 1, name: n },
      );
    }
    seen.set(n, i);
  });
}
