import { DataError } from '../core/index.js';
import { jsonErrorPosition } from '../io/index.js';
import { readTextChunks } from './text-chunks.js';

/** A batch of JSON-lines records converted to cell text, with their 1-based lines. */
export interface JsonlBatch {
  readonly records: Map<string, string>[];
  readonly lines: number[];
}

function cellTextOf(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function parseLine(path: string, text: string, line: number): Map<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const column = jsonErrorPosition(text, e instanceof Error ? e.message : '')?.column ?? 1;
    throw new DataError(
      'JSONL_INVALID_JSON',
      `${path}:${line}:${column}: not valid JSON (${e instanceof Error ? e.message : String(e)}). ` +
        'Write one JSON object per line.',
      { file: path, line, column },
      { cause: e },
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DataError('JSONL_NOT_OBJECT', `${path}:${line}:1: expected a JSON object per line.`, {
      file: path,
      line,
      column: 1,
    });
  }
  const rec = new Map<string, string>();
  for (const [k, v] of Object.entries(value)) rec.set(k, cellTextOf(v));
  return rec;
}

/**
 * Streams a JSON-lines file (one object per line; blank lines skipped) in batches of records whose
 * values are already converted to cell text (`null` → `''`; numbers and booleans as written).
 *
 * @example
 * ```ts
 * for await (const b of readJsonlRecords('a.jsonl', 1000)) console.log(b.records.length);
 * ```
 */
export async function* readJsonlRecords(path: string, batchRows: number): AsyncGenerator<JsonlBatch> {
  let pending = '';
  let line = 0;
  let batch: JsonlBatch = { records: [], lines: [] };
  const take = (text: string): void => {
    line++;
    const t = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (t.trim().length === 0) return;
    batch.records.push(parseLine(path, t, line));
    batch.lines.push(line);
  };
  for await (const text of readTextChunks(path, 'JSONL_INVALID_UTF8')) {
    const parts = (pending + text).split('\n');
    pending = parts.pop()!;
    for (const p of parts) take(p);
    if (batch.records.length >= batchRows) {
      yield batch;
      batch = { records: [], lines: [] };
    }
  }
  if (pending.length > 0) take(pending);
  if (batch.records.length > 0) yield batch;
}
