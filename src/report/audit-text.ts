import { UsageError, tensor, type HostTensor } from '../core/index.js';
import { createTable } from '../data/index.js';
import type { Graph } from '../ir/index.js';
import { encodeTexts, labelIndices, modelTokenizer, readTextTable, type ModelTextSetup } from '../text/index.js';
import type { AuditData, SplitSource } from './audit-data.js';

/** The messages of a text split as the audit sees them. */
export interface AuditText {
  readonly column: string;
  readonly texts: readonly string[];
  /** 1-based source line of each message. */
  readonly lines: readonly number[];
  /** The model's input: [N, T] int64 token ids, right-padded. */
  readonly ids: HostTensor<'int64'>;
  /** Tokens per message after truncation (`[CLS]` included). */
  readonly lengths: Int32Array;
  /** The model's tokenizer and truncation length. */
  readonly setup: ModelTextSetup;
}

/** How to read a text split. */
export interface ReadTextSplitOptions {
  readonly modelPath: string;
  readonly graph: Graph;
  /** The text column (default: the one the model was trained on). */
  readonly text?: string | undefined;
  /** The tokenizer.json (default: the one beside the model). */
  readonly tokenizer?: string | undefined;
  /** The label column. */
  readonly target?: string | undefined;
  /** Class names in index order (labels.json beside the model, or the training split's). */
  readonly classes?: readonly string[] | undefined;
}

/**
 * Reads a split of raw messages for a text model through the one text reader (typed errors with
 * file, line and column), tokenized with the model's own tokenizer (fingerprint checked): token
 * ids for the model, labels by the model's class names, and a two-column table (text, label) for
 * the data checks.
 * @example `const train = await readTextSplit({ data: 'train.jsonl' }, { modelPath, graph, target: 'label', classes: ['ham', 'spam'] });`
 */
export async function readTextSplit(src: SplitSource, o: ReadTextSplitOptions): Promise<AuditData & { readonly text: AuditText }> {
  const setup = modelTokenizer(o.modelPath, o.graph, o.tokenizer);
  const column = o.text ?? setup.column;
  if (column === undefined) throw new UsageError('TEXT_COLUMN', `${src.data}: name the text column with --text COLUMN`, { file: src.data });
  const target = o.target;
  if (target === undefined) throw new UsageError('AUDIT_TARGET', `${src.data}: a text model's audit needs the label column: pass --target COLUMN`, { file: src.data });
  const table = await readTextTable(src.data, { text: column, target });
  const labels = table.labels ?? [];
  const classes = o.classes ?? [...new Set(labels)].sort();
  const y = labelIndices(table, classes, target);
  const enc = encodeTexts(setup.tokenizer, table.texts, { maxLength: setup.maxLength });
  const columns = [
    { name: column, type: 'string' as const, values: table.texts },
    { name: target, type: 'string' as const, values: labels },
  ];
  return {
    file: src.data,
    x: tensor('float32', enc.ids.shape, Float32Array.from(enc.ids.data, Number)),
    y,
    classes,
    table: createTable(columns),
    target,
    sensitive: {},
    featureNames: [column],
    text: { column, texts: table.texts, lines: table.lines, ids: enc.ids, lengths: enc.lengths, setup },
  };
}
