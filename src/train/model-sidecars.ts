import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../io/index.js';
import type { Preprocessor } from './tabular.js';

/** File names `keel train` writes beside `model.onnx`. */
export const PREPROCESS_FILE = 'preprocess.json';
export const LABELS_FILE = 'labels.json';

/** The saved preprocessing: the fitted column transforms plus what the model was trained for. */
export type SavedPreprocessor = Preprocessor & { readonly task?: 'classification' | 'regression'; readonly loss?: string };

/**
 * Writes `labels.json` (class names in index order) and, for CSV data, `preprocess.json` into a
 * model's folder, atomically, so that predict, evaluate and audit can score raw rows later.
 * @example `saveModelSidecars('runs/a', { classes: ['<=50K', '>50K'], preprocessor });`
 */
export function saveModelSidecars(dir: string, o: { readonly classes: readonly string[]; readonly preprocessor?: SavedPreprocessor | undefined }): void {
  const enc = new TextEncoder();
  writeFileAtomic(join(dir, LABELS_FILE), enc.encode(JSON.stringify(o.classes)));
  if (o.preprocessor) writeFileAtomic(join(dir, PREPROCESS_FILE), enc.encode(JSON.stringify(o.preprocessor, null, 2)));
}

/** Reads a saved preprocessor file. @example `const pre = readPreprocessor('runs/a/preprocess.json');` */
export function readPreprocessor(path: string): SavedPreprocessor {
  return JSON.parse(readFileSync(path, 'utf8')) as SavedPreprocessor;
}

/**
 * The preprocessing saved beside a model, if there is one.
 * @example `const pre = findPreprocessor('runs/a/model.onnx');`
 */
export function findPreprocessor(modelPath: string): SavedPreprocessor | undefined {
  const p = join(dirname(modelPath), PREPROCESS_FILE);
  return existsSync(p) ? readPreprocessor(p) : undefined;
}

/**
 * The class names saved beside a model (`labels.json`), if any.
 * @example `const names = findClassNames('runs/a/model.onnx');`
 */
export function findClassNames(modelPath: string): string[] | undefined {
  const p = join(dirname(modelPath), LABELS_FILE);
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as string[]) : undefined;
}
