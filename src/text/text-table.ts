import { DataError } from '../core/index.js';
import { columnIndex, openTable, TextColumnGuard } from '../data/index.js';

/** The longest text Keel reads from one cell, in characters (a message, not a book). */
export const MAX_TEXT_CHARS = 100_000;

/** A table of texts read by {@link readTextTable}. */
export interface TextTable {
  readonly file: string;
  readonly texts: string[];
  /** Label cells as written (when a target column was asked for). */
  readonly labels: string[] | undefined;
  /** 1-based source line of each row (JSON lines: the record's line; CSV: the record's first line). */
  readonly lines: number[];
}

/** Options of {@link readTextTable}. */
export interface TextTableOptions {
  /** Column holding the texts. */
  readonly text: string;
  /** Column holding the labels, if any. */
  readonly target?: string | undefined;
  /** `csv` / `jsonl`; default from the extension (`.tsv` is tab-separated CSV). */
  readonly format?: 'csv' | 'jsonl';
}

/**
 * Reads a text column (and optionally a label column) from a CSV, TSV or JSON-lines file (or
 * `.gz`) through Keel's one data boundary (`open`). Only an empty cell is missing (a message reading "NA"
 * is text). Typed errors name the file, line and column: `TEXT_EMPTY` (an empty or
 * whitespace-only text), `TEXT_NUMERIC` (every text is a number: the wrong column),
 * `TEXT_TOO_LONG` (over {@link MAX_TEXT_CHARS}), `LABEL_MISSING`, and the reader's own
 * `CSV_INVALID_UTF8` / `JSONL_INVALID_UTF8`.
 * @example `const t = await readTextTable('data/sms-spam/sms-spam.jsonl.gz', { text: 'text', target: 'label' });`
 */
export async function readTextTable(file: string, o: TextTableOptions): Promise<TextTable> {
  const src = await openTable(file, { missing: [''], trim: false, ...(o.format ? { format: o.format } : {}) });
  const tj = columnIndex(file, src.columns, o.text, 'text');
  const yj = o.target !== undefined ? columnIndex(file, src.columns, o.target, 'target') : -1;
  const guard = new TextColumnGuard(file, o.text, tj + 1);
  const texts: string[] = [];
  const labels: string[] = [];
  const lines: number[] = [];
  for await (const chunk of src.chunks()) {
    for (let i = 0; i < chunk.length; i++) {
      const line = chunk.lines[i] ?? chunk.offset + i + 1;
      const where = `${file}:${line}: column "${o.text}" (field ${tj + 1})`;
      const t = chunk.cells[tj]![i]!;
      if (t.trim() === '') throw new DataError('TEXT_EMPTY', `${where} is empty or only whitespace; remove the row or give it text`, { file, line, column: o.text, field: tj + 1 });
      if (t.length > MAX_TEXT_CHARS) throw new DataError('TEXT_TOO_LONG', `${where} has ${t.length} characters, more than the limit of ${MAX_TEXT_CHARS}; split the text or drop the row`, { file, line, column: o.text, field: tj + 1, length: t.length, limit: MAX_TEXT_CHARS });
      guard.see(t, line);
      texts.push(t);
      lines.push(line);
      if (yj >= 0) {
        const y = chunk.cells[yj]![i]!.trim();
        if (y === '') throw new DataError('LABEL_MISSING', `${file}:${line}: column "${o.target ?? ''}" (field ${yj + 1}) has no label; give every row a label`, { file, line, column: o.target, field: yj + 1 });
        labels.push(y);
      }
    }
  }
  guard.check();
  return { file, texts, labels: yj >= 0 ? labels : undefined, lines };
}
