import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError, type HostTensor } from '../core/index.js';
import { PREPROCESS_FILE, readPreprocessor } from './model-sidecars.js';
import type { Preprocessor, RawCsv, TransformOptions } from './preprocessor.js';
import { readCsv } from './read-csv.js';

/** Options of {@link encodeForModel}. */
export interface EncodeForModelOptions extends TransformOptions {
  /** The model; its `preprocess.json` is read unless `preprocess` names another file. */
  readonly model: string;
  readonly preprocess?: string | undefined;
  /** Score against another target column than the one the model was trained on. */
  readonly target?: string | undefined;
  /** Column names of a header-less file. */
  readonly columns?: readonly string[] | undefined;
}

/** Raw rows encoded for a model. */
export interface ModelRows {
  /** float32 [N, width]. */
  readonly x: HostTensor<'float32'>;
  /** Class indices (or values) of the target column; −1 / 0 when the file has none. */
  readonly y: Float64Array;
  readonly csv: RawCsv;
  readonly preprocessor: Preprocessor;
}

/**
 * Reads a raw tabular file and encodes it with the {@link Preprocessor} saved beside the model
 * (or `o.preprocess`): how every command that takes a model and raw rows (predict, evaluate,
 * fairness, explain, attack, audit) turns them into model inputs. A missing preprocessor is
 * `PREPROCESS_MISSING`.
 *
 * @example
 * ```ts
 * const { x, preprocessor } = await encodeForModel('new.csv', { model: 'run/model.onnx', requireTarget: false, unseen: 'error' });
 * ```
 */
export async function encodeForModel(file: string, o: EncodeForModelOptions): Promise<ModelRows> {
  const path = o.preprocess ?? join(dirname(o.model), PREPROCESS_FILE);
  if (!existsSync(path)) {
    throw new UsageError('PREPROCESS_MISSING', `${file}: raw rows need the training-time preprocessing, but ${path} does not exist; train the model with keel train --out DIR (it writes preprocess.json beside model.onnx), pass --preprocess FILE, or give features as .npy`, { file, preprocess: path });
  }
  const saved = readPreprocessor(path);
  const preprocessor = o.target === undefined ? saved : saved.with({ target: o.target });
  const csv = await readCsv(file, { columns: o.columns });
  const t = preprocessor.transform(csv, o);
  return { x: { dtype: 'float32', shape: [csv.rows.length, t.width], data: t.x }, y: t.y, csv, preprocessor };
}
