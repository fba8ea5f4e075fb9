import { join } from 'node:path';

/**
 * The files a command writes into its output folder, as paths for the output guard (so that
 * `--out DIR` cannot replace an input that lives in DIR under one of these names).
 * @example `inFolder('run', ['model.onnx']); // ['run/model.onnx']`
 */
export function inFolder(dir: string | undefined, names: readonly string[]): (string | undefined)[] {
  return dir === undefined ? [] : names.map((n) => join(dir, n));
}

/** What `keel train --out DIR` may write. */
export const TRAIN_OUTPUTS = [
  'model.onnx', 'best.onnx', 'config.json', 'history.json', 'history.csv', 'curves.svg', 'diagnosis.json', 'cv.json',
  'labels.json', 'preprocess.json', 'checkpoint.bin', 'learning-curve.json', 'auto-regularize.json', 'tokenizer.json',
] as const;

/** The study file of a storage URL (`sqlite:FILE` or `journal:FILE`), if it has one. */
export function storageFile(storage: string | undefined): string | undefined {
  if (storage?.startsWith('sqlite:') === true) return storage.slice('sqlite:'.length).replace(/^\/\//, '');
  return storage?.startsWith('journal:') === true ? storage.slice('journal:'.length) : undefined;
}
