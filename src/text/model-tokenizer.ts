import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError } from '../core/index.js';
import type { Graph } from '../ir/index.js';
import { TEXT_METADATA, type WithMetadata } from '../session/index.js';
import { Tokenizer } from './tokenizer.js';

/** The file name of the tokenizer `keel train --text` writes beside `model.onnx`. */
export const TOKENIZER_FILE = 'tokenizer.json';

/**
 * Records in a model's ONNX metadata which tokenizer (by fingerprint), truncation length and
 * text column it was trained with.
 * @example `bindTokenizer(graph, tok, { maxLength: 64, column: 'text' });`
 */
export function bindTokenizer(graph: Graph, tok: Tokenizer, o: { readonly maxLength: number; readonly column: string }): void {
  graph.metadata.set(TEXT_METADATA.tokenizer, tok.fingerprint());
  graph.metadata.set(TEXT_METADATA.maxLength, String(o.maxLength));
  graph.metadata.set(TEXT_METADATA.column, o.column);
}

/** What a text model needs to read raw text. */
export interface ModelTextSetup {
  readonly tokenizer: Tokenizer;
  readonly maxLength: number;
  /** The text column used in training (a default for `--text`). */
  readonly column: string | undefined;
}

/**
 * The tokenizer of a text model: `tokenizerPath`, or `tokenizer.json` beside the model. When the
 * model records a tokenizer fingerprint, a different tokenizer is refused with a typed
 * `TOKENIZER_MISMATCH` naming both files (ids from another vocabulary would be silently wrong).
 * @example `const { tokenizer, maxLength } = modelTokenizer('run/model.onnx', graph);`
 */
export function modelTokenizer(modelPath: string, graph: WithMetadata, tokenizerPath?: string): ModelTextSetup {
  const path = tokenizerPath ?? join(dirname(modelPath), TOKENIZER_FILE);
  if (!existsSync(path)) throw new UsageError('TOKENIZER_MISSING', `${modelPath}: text input needs the model's tokenizer, but ${path} does not exist; pass --tokenizer FILE (the tokenizer.json keel train wrote beside the model)`, { model: modelPath, tokenizer: path });
  const tokenizer = Tokenizer.load(path);
  const want = graph.metadata.get(TEXT_METADATA.tokenizer);
  if (want !== undefined && want !== tokenizer.fingerprint()) {
    throw new UsageError('TOKENIZER_MISMATCH', `${path}: this tokenizer is not the one ${modelPath} was trained with (fingerprint ${tokenizer.fingerprint().slice(0, 12)}…, the model expects ${want.slice(0, 12)}…); use the tokenizer.json saved beside that model`, { model: modelPath, tokenizer: path, expected: want, actual: tokenizer.fingerprint() });
  }
  const saved = Number(graph.metadata.get(TEXT_METADATA.maxLength));
  return { tokenizer, maxLength: Number.isInteger(saved) && saved > 0 ? saved : tokenizer.config.maxLength, column: graph.metadata.get(TEXT_METADATA.column) };
}
