import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeFileAtomic, type JsonFileKind } from '../io/index.js';
import type { EpochLogs } from '../train/index.js';
import { Preprocessor, SIDECAR_KIND } from './preprocessor.js';

/** File names written beside `model.onnx`. */
export const PREPROCESS_FILE = 'preprocess.json';
export const LABELS_FILE = 'labels.json';

/**
 * Writes `labels.json` (class names in index order) and, for tabular data, `preprocess.json` into
 * a model's folder, atomically: the only way a {@link Preprocessor} is saved, so that predict,
 * evaluate, fairness, explain, attack and audit all score raw rows as training did.
 * @example `saveModelSidecars('runs/a', { classes: ['<=50K', '>50K'], preprocessor });`
 */
export function saveModelSidecars(dir: string, o: { readonly classes: readonly string[]; readonly preprocessor?: Preprocessor | undefined }): void {
  const enc = new TextEncoder();
  writeFileAtomic(join(dir, LABELS_FILE), enc.encode(JSON.stringify(o.classes)));
  if (o.preprocessor) writeFileAtomic(join(dir, PREPROCESS_FILE), enc.encode(JSON.stringify(o.preprocessor, null, 2)));
}

const distinctNames = (what: string) => z.array(z.string()).refine((a) => new Set(a).size === a.length, { error: `${what} must be distinct` });
const labelsSchema = distinctNames('class names').refine((a) => a.length > 0, { error: 'expected at least one class name' });
const SIDECAR = (what: string): JsonFileKind => ({ ...SIDECAR_KIND, what });

/**
 * Reads and checks a saved preprocessor file (typed `SIDECAR_JSON` error naming the file and
 * the bad field).
 * @example `const pre = readPreprocessor('runs/a/preprocess.json');`
 */
export function readPreprocessor(path: string): Preprocessor {
  return Preprocessor.fromJSON(readJsonFile(path, z.unknown(), SIDECAR_KIND), path);
}

/**
 * The preprocessing saved beside a model, if there is one.
 * @example `const pre = findPreprocessor('runs/a/model.onnx');`
 */
export function findPreprocessor(modelPath: string): Preprocessor | undefined {
  const p = join(dirname(modelPath), PREPROCESS_FILE);
  return existsSync(p) ? readPreprocessor(p) : undefined;
}

/**
 * The class names saved beside a model (`labels.json`), if any.
 * @example `const names = findClassNames('runs/a/model.onnx');`
 */
export function findClassNames(modelPath: string): string[] | undefined {
  const p = join(dirname(modelPath), LABELS_FILE);
  return existsSync(p) ? readJsonFile(p, labelsSchema, SIDECAR('the class names saved with the model (a JSON array of strings)')) : undefined;
}

const historySchema = z.array(
  z.record(z.string(), z.number().nullable()).refine((r) => typeof r['epoch'] === 'number' && Number.isInteger(r['epoch']) && r['epoch'] >= 0, { error: 'each epoch needs a non-negative integer "epoch"' }),
);

/**
 * Reads and checks the `history.json` that `keel train` writes (one object of numbers per
 * epoch; a null, which JSON makes of NaN, is read back as NaN). Typed `SIDECAR_JSON` error
 * naming the file and the bad entry.
 * @example `const history = readTrainingHistory('runs/a/history.json');`
 */
export function readTrainingHistory(path: string): EpochLogs[] {
  const rows = readJsonFile(path, historySchema, SIDECAR('the training history (an array with one object of numbers per epoch)'));
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v ?? Number.NaN])) as EpochLogs);
}
