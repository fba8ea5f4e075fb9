import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../core/index.js';
import type { Graph } from '../../ir/index.js';
import type { Sequential } from '../../nn/index.js';
import { bindTokenizer, isTextEncoder, loadTextDataset, readEmbeddings, textModel, textRecipe, textTrainSettings, Tokenizer, TOKENIZER_FILE, type TextDataset, type TokenizerFitOptions } from '../../text/index.js';
import type { TrainFitOptions } from './train-fit.js';

/** Default `--max-length` of `keel train --text`: tokens per message, `[CLS]` included. */
export const DEFAULT_MAX_LENGTH = 128;

/** `--model` of `keel train --text` when none is given. */
export const DEFAULT_TEXT_MODEL = 'lstm';

/** `keel train --text`'s options that are only about text. */
export interface TrainTextOptions {
  /** Column of the messages. */
  readonly text?: string;
  /** Tokens per message ([CLS] included); longer messages are cut. */
  readonly maxLength?: number;
  /** Largest tokenizer vocabulary. */
  readonly vocabSize?: number;
  /** `wordpiece`, `word`, or a tokenizer.json to use as it is. */
  readonly tokenizer?: string;
  /** Pretrained embeddings (.npy [vocab, dim] or GloVe-style text). */
  readonly embeddings?: string;
}

/**
 * `keel train --text`'s defaults where no flag is given: the model's text recipe (`textRecipe`) as
 * `textTrainSettings` gives it, the mapping `textFitOptions` uses too: epochs, batch size, rate,
 * schedule, validation split, the recipe's optimizer and weight decay (kept when `--optimizer` names
 * that optimizer, else the named one's own decay), the dropout of a built-in text model, and early
 * stopping that restores the epoch with the lowest val_loss when there is a validation split.
 * Flags given win; `--early-stopping`, `--schedule` and `--weight-decay` are laid over this by the caller.
 */
export function textRecipeDefaults(o: Partial<TrainFitOptions>): Partial<TrainFitOptions> {
  const s = textTrainSettings(textRecipe(o.model ?? DEFAULT_TEXT_MODEL));
  const valSplit = o.valSplit ?? s.valSplit;
  return {
    epochs: o.epochs ?? s.epochs,
    batchSize: o.batchSize ?? s.batchSize,
    lr: o.lr ?? s.lr,
    valSplit,
    schedule: o.schedule ?? s.schedule,
    ...(o.optimizer === undefined || o.optimizer === s.optimizer ? { optimizer: s.optimizer, ...(s.weightDecay !== undefined ? { weightDecay: s.weightDecay } : {}) } : {}),
    ...(o.earlyStopping === undefined && valSplit > 0 ? { earlyStopping: s.earlyStopping } : {}),
    ...(isTextEncoder(o.model ?? DEFAULT_TEXT_MODEL) ? { dropout: s.dropout } : {}),
  };
}

/**
 * The labelled text of `keel train --text COL --target COL`: split, tokenizer fitted on the
 * training rows only (or `--tokenizer FILE`; on `--resume`, the run's own tokenizer.json) and
 * saved as DIR/tokenizer.json, ids padded to one width.
 */
export async function loadTextTraining(o: TrainFitOptions, resumed: boolean): Promise<TextDataset> {
  if (o.text === undefined) throw new UsageError('CLI_OPTION', `${o.data}: text training needs --text COLUMN naming the column that holds the texts`, { flag: '--text', file: o.data });
  if (o.target === undefined) throw new UsageError('CLI_OPTION', `${o.data}: text training needs --target COLUMN naming the label column`, { file: o.data });
  const numericOnly = o.adversarial !== undefined ? '--adversarial' : o.augment !== undefined ? '--augment' : o.init !== undefined ? '--init' : undefined;
  if (numericOnly !== undefined) throw new UsageError('CLI_OPTION', `${numericOnly} works on numeric inputs, not on --text; drop it (text models train from --model textcnn|lstm|gru|transformer|spec.json)`, { flag: numericOnly, file: o.data });
  const saved = join(o.out, TOKENIZER_FILE);
  const kind = o.tokenizer ?? 'wordpiece';
  const fitOptions = (k: 'wordpiece' | 'word'): TokenizerFitOptions => ({ kind: k, ...(o.vocabSize !== undefined ? { vocabSize: o.vocabSize } : {}) });
  const tokenizer = resumed && existsSync(saved) ? Tokenizer.load(saved) : kind === 'wordpiece' || kind === 'word' ? fitOptions(kind) : Tokenizer.load(kind);
  const d = await loadTextDataset(o.data, { text: o.text, target: o.target, valSplit: o.valSplit, seed: o.seed, maxLength: o.maxLength ?? DEFAULT_MAX_LENGTH, tokenizer });
  d.tokenizer.save(saved);
  if (d.truncated > 0) process.stderr.write(`keel: note: ${d.truncated} of ${d.table.texts.length} messages are longer than --max-length ${o.maxLength ?? DEFAULT_MAX_LENGTH} tokens and were cut\n`);
  return d;
}

/** A fresh text model for `keel train --text` (the tokenizer saved in DIR sizes it). */
export function buildTextModel(o: TrainFitOptions, outputs: number): Sequential {
  const tokenizer = Tokenizer.load(join(o.out, TOKENIZER_FILE));
  const embeddings = o.embeddings !== undefined ? readEmbeddings(o.embeddings, tokenizer, undefined, o.seed) : undefined;
  if (embeddings) process.stderr.write(`keel: ${embeddings.found} of ${tokenizer.vocabSize} tokens have a pretrained vector in ${o.embeddings ?? ''}\n`);
  return textModel(o.model, { tokenizer, outputs, seed: o.seed, ...(o.dropout !== undefined ? { dropout: o.dropout } : {}), ...(embeddings ? { embeddings: embeddings.table } : {}) });
}

/** Ties the saved inference graph to its tokenizer (fingerprint, --max-length, text column). */
export function bindTextModel(graph: Graph, o: TrainFitOptions): void {
  if (o.text === undefined) return;
  bindTokenizer(graph, Tokenizer.load(join(o.out, TOKENIZER_FILE)), { maxLength: o.maxLength ?? DEFAULT_MAX_LENGTH, column: o.text });
}

/** The share of the most frequent class (the accuracy of always guessing it). */
export function majorityShare(y: { readonly data: ArrayLike<bigint | number>; readonly shape: readonly number[] }): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < y.data.length; i++) counts.set(Number(y.data[i]), (counts.get(Number(y.data[i])) ?? 0) + 1);
  return Math.max(0, ...counts.values()) / Math.max(1, y.data.length);
}
