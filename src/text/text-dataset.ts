import { DataError, UsageError, type HostTensor } from '../core/index.js';
import { textCopyGroups } from '../data/index.js';
import { gatherRows, splitRows } from '../train/index.js';
import { encodeTexts } from './encode-texts.js';
import { readTextTable, type TextTable } from './text-table.js';
import { Tokenizer, type TokenizerFitOptions } from './tokenizer.js';

/** Token ids and class labels of one part of a text data set. */
export interface TextPart {
  /** [N, T] int64 ids, right-padded. */
  readonly x: HostTensor<'int64'>;
  /** [N] int64 class indices. */
  readonly y: HostTensor<'int64'>;
  readonly classes: readonly string[];
}

/** {@link loadTextDataset}'s result. */
export interface TextDataset {
  readonly train: TextPart;
  readonly val: TextPart | undefined;
  /** Source row indices of each part. */
  readonly rows: { readonly train: Int32Array; readonly val: Int32Array };
  /** With `groupCopies`: the copy group of each source row (see `textCopyGroups`). */
  readonly groups: Int32Array | undefined;
  /** Fitted on the training rows only (or the one given). */
  readonly tokenizer: Tokenizer;
  readonly table: TextTable;
  /** Rows cut to `maxLength`. */
  readonly truncated: number;
}

/** Options of {@link loadTextDataset}. */
export interface TextDatasetOptions {
  readonly text: string;
  readonly target: string;
  /** Held-out fraction, stratified by class and seeded. */
  readonly valSplit: number;
  readonly seed: number;
  /** Tokens per row ([CLS] included); longer texts are cut. */
  readonly maxLength: number;
  /** A tokenizer to use as it is, or how to fit one on the training rows. */
  readonly tokenizer?: Tokenizer | TokenizerFitOptions;
  /**
   * Keep exact and near copies of a text on one side of the split (`textCopyGroups`: what the
   * `duplicate_texts` and `text_leakage` checks count as the same text), so no held-out text
   * also occurs in training. Default false.
   */
  readonly groupCopies?: boolean;
}

/**
 * Reads a labelled text table, splits it (stratified, seeded; copies kept together with
 * `groupCopies`), fits the tokenizer on the training rows only, and encodes both parts to one
 * padded width (the longest row, at most `maxLength`). Class names are sorted, so their indices
 * do not depend on row order.
 * @example `const d = await loadTextDataset('sms.jsonl.gz', { text: 'text', target: 'label', valSplit: 0.2, seed: 0, maxLength: 64 });`
 */
export async function loadTextDataset(file: string, o: TextDatasetOptions): Promise<TextDataset> {
  return splitTextTable(await readTextTable(file, { text: o.text, target: o.target }), o);
}

/**
 * {@link loadTextDataset} on a table already read (for example a part of one).
 * @example `const d = splitTextTable(table, { text: 'text', target: 'label', valSplit: 0.2, seed: 0, maxLength: 64, groupCopies: true });`
 */
export function splitTextTable(table: TextTable, o: TextDatasetOptions): TextDataset {
  const file = table.file;
  const labels = table.labels;
  if (labels === undefined) throw new UsageError('CLI_OPTION', `${file}: a labelled text data set needs its label column (target "${o.target}")`, { file });
  if (labels.length === 0) throw new DataError('DATA_EMPTY', `${file}: no rows`, { file });
  const classes = [...new Set(labels)].sort();
  const index = new Map(classes.map((c, i) => [c, i]));
  const yAll: HostTensor<'int64'> = { dtype: 'int64', shape: [labels.length], data: BigInt64Array.from(labels, (l) => BigInt(index.get(l)!)) };
  const n = labels.length;
  const groups = o.groupCopies === true ? textCopyGroups(table.texts) : undefined;
  const rows = o.valSplit > 0 ? splitRows(n, o.valSplit, o.seed, yAll, file, groups) : { train: Int32Array.from({ length: n }, (_, i) => i), val: new Int32Array(0) };
  const tokenizer = o.tokenizer instanceof Tokenizer ? o.tokenizer : Tokenizer.fit(Array.from(rows.train, (i) => table.texts[i]!), { ...o.tokenizer, maxLength: o.maxLength });
  const enc = encodeTexts(tokenizer, table.texts, { maxLength: o.maxLength });
  const part = (idx: Int32Array): TextPart => ({ x: gatherRows(enc.ids, idx) as HostTensor<'int64'>, y: gatherRows(yAll, idx) as HostTensor<'int64'>, classes });
  return { train: part(rows.train), val: rows.val.length > 0 ? part(rows.val) : undefined, rows, groups, tokenizer, table, truncated: enc.truncated };
}

/** Raw texts of a file encoded for a trained text model. */
export interface TextInputs {
  /** [N, T] int64 ids, padded to the longest row. */
  readonly x: HostTensor<'int64'>;
  readonly table: TextTable;
}

/**
 * Reads the text column of a file (default: the column the model was trained on) and encodes it
 * with the model's tokenizer and truncation length: what predict, evaluate and the other model
 * commands feed a text model.
 * @example `const { x, table } = await readTextInputs('new.csv', modelTokenizer(path, graph), { text: 'message' });`
 */
export async function readTextInputs(file: string, setup: { readonly tokenizer: Tokenizer; readonly maxLength: number; readonly column?: string | undefined }, o: { readonly text?: string | undefined; readonly target?: string | undefined } = {}): Promise<TextInputs> {
  const column = o.text ?? setup.column;
  if (column === undefined) throw new UsageError('TEXT_COLUMN', `${file}: name the text column with --text COLUMN`, { file });
  const table = await readTextTable(file, { text: column, target: o.target });
  return { x: encodeTexts(setup.tokenizer, table.texts, { maxLength: setup.maxLength }).ids, table };
}

/**
 * Class indices of a text table's labels by the model's class names; a label the model does not
 * know is a typed `LABEL_UNKNOWN` naming file, line and column.
 * @example `const y = labelIndices(table, ['ham', 'spam'], 'label');`
 */
export function labelIndices(table: TextTable, classes: readonly string[], column: string): HostTensor<'int64'> {
  const index = new Map(classes.map((c, i) => [c, i]));
  const labels = table.labels ?? [];
  const data = new BigInt64Array(labels.length);
  labels.forEach((l, i) => {
    const k = index.get(l);
    if (k === undefined) throw new DataError('LABEL_UNKNOWN', `${table.file}:${table.lines[i] ?? i + 1}: column "${column}" has label "${l}", which the model was not trained on (its classes: ${classes.join(', ')})`, { file: table.file, line: table.lines[i], column, label: l, classes });
    data[i] = BigInt(k);
  });
  return { dtype: 'int64', shape: [labels.length], data };
}
