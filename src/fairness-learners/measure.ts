/**
 * Fairness of a model (or of a predictions column) on a raw CSV: reads the table, predicts with the
 * model through the preprocessing saved beside it (and the thresholds of a threshold mitigation),
 * and computes the fairness report.
 * @module
 */
import { existsSync } from 'node:fs';
import { DataError, UsageError } from '../core/index.js';
import { findPreprocessor, type ColumnTransform } from '../data/index.js';
import { fairnessReport, ThresholdOptimizer, thresholdTradeoff, type FairnessReport, type FairnessTradeoffs } from '../fairness/index.js';
import { encodeRows, numericFeatures, readLabelledTable, texts } from './labelled-table.js';
import { labelsFrom, modelInputWidth, modelProbabilities } from './model-scores.js';
import { readThresholdFile } from './threshold-file.js';

/** What {@link measureFairness} reads and how it reports. */
export interface MeasureFairnessOptions {
  /** CSV with a header (or `columns`). */
  readonly data: string;
  /** True label column. */
  readonly target: string;
  /** Sensitive columns. */
  readonly sensitive: readonly string[];
  /** Binary classifier (ONNX); the preprocess.json beside it encodes the raw columns. Exactly one of `model` and `predictions`. */
  readonly model?: string | undefined;
  /** Column of predicted labels. */
  readonly predictions?: string | undefined;
  /** thresholds.json of a threshold mitigation (with `model`). */
  readonly thresholds?: string | undefined;
  /** Positive class (needed unless labels are 0/1 or true/false). */
  readonly positive?: string | undefined;
  /** Column names of a header-less CSV. */
  readonly columns?: readonly string[] | undefined;
  /** Bootstrap replicates for the intervals (0 = none). Default 200. */
  readonly bootstrap?: number | undefined;
  /** Seed of the bootstrap and of randomized predictions. Default 0. */
  readonly seed?: number | undefined;
  /** Report training groups absent from the data as null instead of failing. */
  readonly allowEmptyGroups?: boolean | undefined;
}

/**
 * The fairness report of a model's (or a column's) predictions on a CSV. Throws `FILE_NOT_FOUND`,
 * `COLUMN_NOT_FOUND`, `MODEL_INPUT_MISMATCH`, `PREDICTIONS_ARE_PROBABILITIES`, `EMPTY_GROUP`, ...
 * @example `const r = await measureFairness({ data: 'adult.csv', target: 'income', sensitive: ['sex'], positive: '>50K', model: 'run/model.onnx' });`
 */
export async function measureFairness(o: MeasureFairnessOptions): Promise<FairnessReport> {
  return (await measure(o, false)).report;
}

/**
 * {@link measureFairness} plus, per sensitive feature, the accuracy/demographic-parity trade-off
 * group thresholds reach on the model's scores (what `keel fairness --html` plots); with a
 * predictions column there are no scores, and `tradeoffs` says so.
 * @example `const { report, tradeoffs } = await measureFairnessWithTradeoffs({ data: 'adult.csv', target: 'income', sensitive: ['sex'], positive: '>50K', model: 'run/model.onnx' });`
 */
export async function measureFairnessWithTradeoffs(o: MeasureFairnessOptions): Promise<{ readonly report: FairnessReport; readonly tradeoffs: FairnessTradeoffs }> {
  const m = await measure(o, true);
  return { report: m.report, tradeoffs: m.tradeoffs! };
}

async function measure(o: MeasureFairnessOptions, withTradeoffs: boolean): Promise<{ report: FairnessReport; tradeoffs?: FairnessTradeoffs }> {
  if ((o.model === undefined) === (o.predictions === undefined)) {
    throw new UsageError('CLI_OPTION', 'give exactly one of --model M.onnx or --predictions COL', { flag: '--model' });
  }
  const data = await readLabelledTable(o.data, { target: o.target, sensitive: o.sensitive, positive: o.positive, columns: o.columns });
  const seed = o.seed ?? 0;
  let yPred: Uint8Array;
  let categories: Record<string, readonly string[]> | undefined;
  let scores: Float64Array | undefined;
  if (o.predictions !== undefined) {
    if (!data.table.columns.some((c) => c.name === o.predictions)) {
      const available = data.table.columns.map((c) => c.name);
      throw new UsageError('COLUMN_NOT_FOUND', `${o.data}: the predictions column "${o.predictions}" does not exist; available columns: ${available.join(', ')}`, { file: o.data, column: o.predictions, available, role: 'predictions' });
    }
    yPred = predictedLabels(texts(data.table, o.predictions), data.positive, o.predictions);
  } else {
    const model = o.model!;
    if (!existsSync(model)) throw new UsageError('FILE_NOT_FOUND', `${model}: no such file`, { file: model });
    // The preprocessing saved beside the model (by keel train or keel fairness mitigate).
    const prep = findPreprocessor(model);
    const { width, graph } = await modelInputWidth(model);
    const X = prep === undefined ? numericFeatures(data, o.target, width, o.data, model) : await encodeRows(prep, o.data, o.columns);
    if (prep !== undefined && width !== undefined && X.cols !== width) {
      throw new DataError('MODEL_INPUT_MISMATCH', `${model}: the preprocess.json beside it encodes ${X.cols} inputs but the model expects ${width}`, { file: model, expected: width, actual: X.cols });
    }
    if (prep !== undefined) categories = sensitiveLevels(prep.spec.columns, o.sensitive);
    const p = await modelProbabilities(graph, X, model);
    scores = p;
    if (o.thresholds !== undefined) {
      const state = readThresholdFile(o.thresholds);
      const missing = state.sensitiveFeatures.filter((f) => !(f in data.sensitive));
      if (missing.length > 0) throw new UsageError('CLI_OPTION', `${o.thresholds} needs the sensitive column(s) ${missing.join(', ')}; add them to --sensitive`, { file: o.thresholds, missing });
      yPred = ThresholdOptimizer.fromJSON(state).predict(p, { features: data.sensitive, seed });
    } else {
      yPred = labelsFrom(p, prep?.spec.output === 'probability', seed);
    }
  }
  const report = fairnessReport({ yTrue: data.y, yPred, positive: data.positive, sensitive: data.sensitive, categories, allowEmptyGroups: o.allowEmptyGroups ?? false, bootstrap: o.bootstrap ?? 200, seed });
  return withTradeoffs ? { report, tradeoffs: tradeoffs(scores, data.y, yPred, data.sensitive, o.sensitive, o.data) } : { report };
}

/** The accuracy/demographic-parity trade-off of group thresholds on the model's scores, per sensitive feature. */
function tradeoffs(scores: Float64Array | undefined, yTrue: ArrayLike<number>, yPred: Uint8Array, features: Readonly<Record<string, readonly string[]>>, sensitive: readonly string[], source: string): FairnessTradeoffs {
  if (scores === undefined) return { missing: 'The accuracy/disparity trade-off needs the model\'s scores: pass --model M.onnx instead of --predictions.' };
  const byFeature = Object.fromEntries(sensitive.map((f) => [f, thresholdTradeoff({ scores, yTrue, yPred, features, sensitiveFeature: f })]));
  return { byFeature, xLabel: 'demographic parity difference', note: `Each sensitive feature's plot shows the accuracy and demographic parity difference that group-specific thresholds on the model's scores reach on ${source} (fitted and scored on these rows, as keel fairness mitigate --method threshold would without --test), their Pareto front, and this model's own predictions.` };
}

/** The training levels of each sensitive column the model encodes (one-hot), to report empty groups. */
function sensitiveLevels(columns: readonly ColumnTransform[], sensitive: readonly string[]): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = {};
  for (const c of columns) if (c.kind === 'categorical' && sensitive.includes(c.name)) out[c.name] = c.categories;
  return out;
}

/** Maps a predictions column to 0/1 in the target's label space; rejects probabilities. */
function predictedLabels(values: readonly string[], positive: string, column: string): Uint8Array {
  const distinct = [...new Set(values)];
  const fractional = distinct.find((v) => /^-?\d*\.\d+(e-?\d+)?$/i.test(v) && !Number.isInteger(Number(v)));
  if (fractional !== undefined) {
    throw new UsageError('PREDICTIONS_ARE_PROBABILITIES', `predictions column "${column}" holds ${fractional}, a probability or score, but labels are expected; threshold it first (for example p >= 0.5 -> 1) or evaluate the model with --model`, { column, value: fractional });
  }
  if (distinct.includes(positive)) return Uint8Array.from(values, (v) => (v === positive ? 1 : 0));
  if (distinct.every((v) => v === '0' || v === '1')) return Uint8Array.from(values, (v) => (v === '1' ? 1 : 0));
  throw new DataError('PREDICTIONS_LABELS', `predictions column "${column}" never holds the positive label "${positive}" and is not 0/1 (values: ${distinct.slice(0, 6).join(', ')})`, { column });
}
