import { DataError, UsageError } from '../core/index.js';
import { readCsvRecords, type CsvRecordOptions } from './csv-records.js';
import {
  DEFAULT_MISSING_MARKERS,
  inferTypes,
  type DataInput,
  type DataSource,
  type ReadOptions,
  type RowChunk,
} from './data-source.js';
import { readJsonlRecords } from './jsonl-records.js';
import { cellText, type ColumnType, type Table } from './table.js';

function transpose(rows: readonly (readonly string[])[], width: number): string[][] {
  const cells: string[][] = [];
  for (let j = 0; j < width; j++) {
    const col = new Array<string>(rows.length);
    for (let i = 0; i < rows.length; i++) col[i] = rows[i]![j]!;
    cells.push(col);
  }
  return cells;
}

function csvOptions(path: string, o: ReadOptions): CsvRecordOptions {
  return {
    delimiter: o.delimiter ?? (/\.tsv(\.gz)?$/i.test(path) ? '\t' : ','),
    trim: o.trim ?? true,
    header: o.header ?? true,
    columns: o.columns,
    skipRecords: o.skipRecords ?? 0,
    batchRows: o.chunkRows ?? 16384,
  };
}

async function* csvChunks(path: string, o: ReadOptions): AsyncGenerator<RowChunk> {
  let offset = 0;
  let width = 0;
  for await (const ev of readCsvRecords(path, csvOptions(path, o))) {
    if ('header' in ev) {
      width = ev.header.length;
      continue;
    }
    const { rows, lines } = ev.batch;
    yield { offset, length: rows.length, lines, cells: transpose(rows, width) };
    offset += rows.length;
  }
}

async function* jsonlChunks(path: string, columns: readonly string[], o: ReadOptions): AsyncGenerator<RowChunk> {
  let offset = 0;
  const known = new Set(columns);
  for await (const b of readJsonlRecords(path, o.chunkRows ?? 16384)) {
    b.records.forEach((rec, i) => {
      for (const k of rec.keys()) {
        if (!known.has(k)) {
          const line = b.lines[i]!;
          throw new DataError(
            'JSONL_UNKNOWN_KEY',
            `${path}:${line}:1: key "${k}" does not appear in the first rows used to infer the columns. ` +
              'Add it to earlier records (null is fine) or raise inferRows.',
            { file: path, line, column: 1, key: k },
          );
        }
      }
    });
    const cells = columns.map((c) => b.records.map((r) => r.get(c) ?? ''));
    yield { offset, length: b.records.length, lines: b.lines, cells };
    offset += b.records.length;
  }
}

function tableChunks(table: Table, chunkRows: number): AsyncIterable<RowChunk> {
  return {
    async *[Symbol.asyncIterator]() {
      for (let offset = 0; offset < table.rowCount; offset += chunkRows) {
        const end = Math.min(table.rowCount, offset + chunkRows);
        const cells = table.columns.map((c) => {
          const col = new Array<string>(end - offset);
          for (let r = offset; r < end; r++) col[r - offset] = cellText(c, r);
          return col;
        });
        await Promise.resolve();
        yield { offset, length: end - offset, lines: [], cells };
      }
    },
  };
}

async function sample(chunks: AsyncIterable<RowChunk>, limit: number): Promise<RowChunk | undefined> {
  const parts: RowChunk[] = [];
  let n = 0;
  for await (const c of chunks) {
    parts.push(c);
    n += c.length;
    if (n >= limit) break;
  }
  if (parts.length === 0) return undefined;
  const width = parts[0]!.cells.length;
  const cells = Array.from({ length: width }, (_, j) => parts.flatMap((p) => p.cells[j]!));
  return { offset: 0, length: n, lines: parts.flatMap((p) => p.lines), cells };
}

async function csvHead(
  path: string,
  options: ReadOptions,
  limit: number,
): Promise<{ header: readonly string[]; cells: string[][] }> {
  let header: readonly string[] = [];
  let headerLine = 0;
  const rows: string[][] = [];
  for await (const ev of readCsvRecords(path, { ...csvOptions(path, options), batchRows: Math.min(limit, 4096) })) {
    if ('header' in ev) {
      header = ev.header;
      headerLine = ev.line;
    } else {
      for (const r of ev.batch.rows) rows.push(r);
      if (rows.length >= limit) break;
    }
  }
  if (rows.length === 0) {
    const line = headerLine + 1;
    throw new DataError(
      'CSV_NO_ROWS',
      `${path}:${line}:1: the file has a header but no data rows. Give at least one row of data.`,
      { file: path, line, column: 1 },
    );
  }
  return { header, cells: transpose(rows, header.length) };
}

async function jsonlColumns(path: string, limit: number): Promise<string[]> {
  const keys = new Set<string>();
  let n = 0;
  for await (const b of readJsonlRecords(path, Math.min(limit, 4096))) {
    for (const r of b.records) for (const k of r.keys()) keys.add(k);
    n += b.records.length;
    if (n >= limit) break;
  }
  if (n === 0) {
    throw new DataError('JSONL_NO_ROWS', `${path}:1:1: the file has no records. Give at least one JSON object.`, {
      file: path,
      line: 1,
      column: 1,
    });
  }
  return [...keys];
}

/**
 * Opens a CSV / JSON-lines file (optionally `.gz`) or wraps a {@link Table} as a re-readable
 * {@link DataSource}. Column types are inferred from the first `inferRows` rows; later cells that
 * do not fit stay as text and are reported by the `mixed_types` check.
 * Throws `CSV_NO_ROWS` for a header-only file.
 *
 * @example
 * ```ts
 * const src = await openSource('adult.csv', { missing: ['?'] });
 * src.types; // ['number', 'string', ...]
 * ```
 */
export async function openSource(input: DataInput, options: ReadOptions = {}): Promise<DataSource> {
  const chunkRows = options.chunkRows ?? 16384;
  if (typeof input !== 'string') {
    const table = input;
    return {
      name: '<table>',
      columns: table.columns.map((c) => c.name),
      types: table.columns.map((c) => c.type),
      missing: new Set(['']),
      chunks: () => tableChunks(table, chunkRows),
    };
  }
  const path = input;
  const missing = new Set(options.missing ?? DEFAULT_MISSING_MARKERS);
  const inferRows = options.inferRows ?? 10000;
  const jsonl = options.format === 'jsonl' || (options.format === undefined && /\.(jsonl|ndjson)(\.gz)?$/i.test(path));
  let columns: readonly string[];
  let make: () => AsyncIterable<RowChunk>;
  let sampleCells: readonly (readonly string[])[];
  if (jsonl) {
    columns = await jsonlColumns(path, inferRows);
    const cols = columns;
    make = () => jsonlChunks(path, cols, options);
    const head = await sample(jsonlChunks(path, cols, { ...options, chunkRows: Math.min(inferRows, chunkRows) }), inferRows);
    sampleCells = head?.cells ?? [];
  } else {
    const head = await csvHead(path, options, inferRows);
    columns = head.header;
    sampleCells = head.cells;
    make = () => csvChunks(path, options);
  }
  const types: ColumnType[] = options.allText === true ? columns.map(() => 'string') : inferTypes(columns, sampleCells, missing, options.schema ?? {});
  checkSchema(path, columns, options.schema ?? {});
  return { name: path, columns, types, missing, chunks: make };
}

function checkSchema(path: string, columns: readonly string[], schema: Readonly<Record<string, ColumnType>>): void {
  for (const k of Object.keys(schema)) {
    if (!columns.includes(k)) {
      throw new UsageError('COLUMN_NOT_FOUND', `${path}: schema names column "${k}", which the file lacks.`, {
        file: path,
        column: k,
        available: columns,
      });
    }
  }
}
