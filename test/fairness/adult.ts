/**
 * Loader of the UCI Adult data for the fairness tests and benchmark: reads the gzipped fixtures,
 * one-hot encodes categoricals and standardizes numerics with statistics fitted on the training
 * split only.
 * @module
 */
import { Rng } from '../../src/core/index.js';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { type FeatureMatrix } from '../../src/fairness/index.js';

const COLUMNS = [
  'age', 'workclass', 'fnlwgt', 'education', 'education-num', 'marital-status', 'occupation',
  'relationship', 'race', 'sex', 'capital-gain', 'capital-loss', 'hours-per-week', 'native-country', 'income',
] as const;
type ColumnName = (typeof COLUMNS)[number];
type Row = Record<ColumnName, string>;

const NUMERIC: readonly ColumnName[] = ['age', 'education-num', 'capital-gain', 'capital-loss', 'hours-per-week'];
const LOG_SCALED: readonly ColumnName[] = ['capital-gain', 'capital-loss'];
const CATEGORICAL: readonly ColumnName[] = ['workclass', 'marital-status', 'occupation', 'relationship', 'race', 'sex', 'native-country'];

/** One encoded split. */
export interface AdultSplit {
  readonly X: FeatureMatrix;
  /** 1 for income >50K. */
  readonly y: number[];
  readonly sex: string[];
  readonly race: string[];
}

/** Both splits and the encoded feature names. */
export interface AdultData {
  readonly train: AdultSplit;
  readonly test: AdultSplit;
  readonly featureNames: readonly string[];
}

/** Options of {@link loadAdult}. */
export interface LoadAdultOptions {
  /** Random subsample of the training rows (default: all). */
  readonly trainSize?: number;
  /** Seed of the subsample (default 0). */
  readonly seed?: number;
  /** Leave the sensitive columns sex and race out of X (default false). */
  readonly dropSensitive?: boolean;
}

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'adult');

function readRows(file: string): Row[] {
  const text = gunzipSync(readFileSync(join(FIXTURES, file))).toString('utf8');
  const records: string[][] = parse(text, { delimiter: ',', trim: true, skip_empty_lines: true, relax_column_count: true });
  return records
    .filter((r) => r.length === COLUMNS.length)
    .map((r) => Object.fromEntries(COLUMNS.map((c, k) => [c, r[k]!])) as Row);
}

/**
 * Loads, encodes and (optionally) subsamples Adult.
 * @example `const { train, test } = loadAdult({ trainSize: 12000, seed: 0 });`
 */
export function loadAdult(options: LoadAdultOptions = {}): AdultData {
  let trainRows = readRows('adult.data.gz');
  const testRows = readRows('adult.test.gz');
  if (options.trainSize !== undefined && options.trainSize < trainRows.length) {
    const rng = new Rng(options.seed ?? 0);
    const idx = trainRows.map((_, i) => i);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rng.uniform() * (i + 1));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    trainRows = idx.slice(0, options.trainSize).sort((a, b) => a - b).map((i) => trainRows[i]!);
  }
  const categorical = CATEGORICAL.filter((c) => !(options.dropSensitive === true && (c === 'sex' || c === 'race')));
  const value = (r: Row, c: ColumnName): number => (LOG_SCALED.includes(c) ? Math.log1p(Number(r[c])) : Number(r[c]));
  const stats = NUMERIC.map((c) => {
    const v = trainRows.map((r) => value(r, c));
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length) || 1;
    return { c, mean, sd };
  });
  const levels = categorical.map((c) => ({ c, levels: [...new Set(trainRows.map((r) => r[c]))].sort() }));
  const featureNames = [...NUMERIC, ...levels.flatMap(({ c, levels: l }) => l.map((v) => `${c}=${v}`))];
  const encode = (rows: Row[]): AdultSplit => {
    const cols = featureNames.length;
    const data = new Float64Array(rows.length * cols);
    rows.forEach((r, i) => {
      stats.forEach(({ c, mean, sd }, j) => (data[i * cols + j] = (value(r, c) - mean) / sd));
      let offset = NUMERIC.length;
      for (const { c, levels: l } of levels) {
        const k = l.indexOf(r[c]);
        if (k >= 0) data[i * cols + offset + k] = 1;
        offset += l.length;
      }
    });
    return {
      X: { rows: rows.length, cols, data },
      y: rows.map((r) => (r.income.startsWith('>50K') ? 1 : 0)),
      sex: rows.map((r) => r.sex),
      race: rows.map((r) => r.race),
    };
  };
  return { train: encode(trainRows), test: encode(testRows), featureNames };
}
