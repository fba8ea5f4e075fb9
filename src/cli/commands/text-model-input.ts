import { UsageError } from '../../core/index.js';
import { findClassNames } from '../../data/index.js';
import type { Graph } from '../../ir/index.js';
import { isTextModel, labelIndices, modelTokenizer, readTextTable, type ModelTextSetup, type TextTable } from '../../text/index.js';

/** The raw messages a text-model command reads, with the model's tokenizer and class names. */
export interface TextModelInput {
  readonly setup: ModelTextSetup;
  /** The messages (the first `rows` when asked), their source lines and labels as written. */
  readonly table: TextTable;
  readonly column: string;
  /** Class index per message from the `--target` column, when one was named. */
  readonly labels: Int32Array | undefined;
  /** Class names in index order (labels.json beside the model), when known. */
  readonly classes: readonly string[] | undefined;
}

/** Options of {@link readTextModelInput}: the shared text flags of the model commands. */
export interface TextInputFlags {
  readonly text?: string | undefined;
  readonly tokenizer?: string | undefined;
  /** Label column (class names as in training). */
  readonly target?: string | undefined;
  /** Keep only the first N messages. */
  readonly rows?: number | undefined;
}

/**
 * Whether a command should read `--data` as raw text: `--text` was given or the model records a
 * tokenizer (`keel train --text`).
 * @example `if (takesText(model.graph, o.text)) { ... }`
 */
export function takesText(graph: Graph, text: string | undefined): boolean {
  return text !== undefined || isTextModel(graph);
}

/**
 * Reads the messages of a CSV / TSV / JSON-lines file for a text model through the one text
 * reader (typed errors with file, line and column), with the tokenizer beside the model (its
 * fingerprint checked) and, when `target` is named, each message's class index by the model's
 * class names.
 * @example `const t = await readTextModelInput('sms.tsv', 'run/model.onnx', graph, { text: 'message', target: 'label' });`
 */
export async function readTextModelInput(file: string, modelPath: string, graph: Graph, o: TextInputFlags): Promise<TextModelInput> {
  const setup = modelTokenizer(modelPath, graph, o.tokenizer);
  const column = o.text ?? setup.column;
  if (column === undefined) throw new UsageError('TEXT_COLUMN', `${file}: name the text column with --text COLUMN`, { file });
  const all = await readTextTable(file, { text: column, target: o.target });
  const n = Math.min(o.rows ?? all.texts.length, all.texts.length);
  const table: TextTable = { file, texts: all.texts.slice(0, n), lines: all.lines.slice(0, n), labels: all.labels?.slice(0, n) };
  const classes = findClassNames(modelPath);
  if (o.target === undefined) return { setup, table, column, labels: undefined, classes };
  if (classes === undefined) throw new UsageError('LABELS_MISSING', `${modelPath}: reading labels for a text model needs its class names (labels.json, which keel train writes beside the model)`, { model: modelPath });
  return { setup, table, column, labels: Int32Array.from(labelIndices(table, classes, o.target).data, Number), classes };
}
