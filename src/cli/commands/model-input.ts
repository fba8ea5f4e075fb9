import type { HostTensor } from '../../core/index.js';
import { encodeForModel, isTabularPath } from '../../data/index.js';
import { readNpy } from '../../io/index.js';

/** A command's model input: array rows, or raw tabular rows encoded as in training. */
export interface ModelInput {
  readonly x: HostTensor;
  /** Class index per row from the file's target column (tabular files that have it). */
  readonly labels: HostTensor<'int64'> | undefined;
  readonly tabular: boolean;
}

/**
 * Reads `--data` for a command that runs a model: an .npy array as it is, or a raw CSV / TSV /
 * JSON-lines file encoded with the preprocessing saved beside the model (the one data boundary;
 * unseen categories are typed errors).
 * @example `const { x, labels } = await readModelInput('adult.csv', 'run/model.onnx');`
 */
export async function readModelInput(file: string, model: string): Promise<ModelInput> {
  if (!isTabularPath(file)) return { x: readNpy(file), labels: undefined, tabular: false };
  const rows = await encodeForModel(file, { model, requireTarget: false, unseen: 'error' });
  const hasTarget = rows.csv.header.includes(rows.preprocessor.target) && rows.preprocessor.classes.length > 0 && rows.y.every((v) => v >= 0);
  const labels: HostTensor<'int64'> | undefined = hasTarget ? { dtype: 'int64', shape: [rows.y.length], data: BigInt64Array.from(rows.y, (v) => BigInt(v)) } : undefined;
  return { x: rows.x, labels, tabular: true };
}
