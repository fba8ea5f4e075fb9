import { existsSync, readFileSync } from 'node:fs';
import { DataError, UsageError, warn } from '../../core/index.js';
import { ThresholdOptimizer, thresholdTradeoff, type ThresholdOptimizerState } from '../../fairness/index.js';
import { findPreprocessor, type ColumnTransform } from '../../data/index.js';
import { encodeRows, list, numericFeatures, readLabelledTable, texts } from './fairness-data.js';
import { fairnessHtml, type FairnessTradeoffs } from './fairness-html.js';
import { labelsFrom, modelInputWidth, modelProbabilities } from './fairness-model.js';
import { fairnessReport, toJson } from './fairness-report.js';
import { writeFileAtomic } from '../../io/index.js';

/** Options of `keel fairness`. */
export interface FairnessOptions {
  readonly data: string;
  readonly target: string;
  readonly sensitive: string;
  readonly model?: string;
  readonly predictions?: string;
  readonly thresholds?: string;
  readonly positive?: string;
  readonly columns?: string;
  readonly json: string;
  readonly html?: string;
  readonly bootstrap?: number;
  readonly seed?: number;
  readonly allowEmptyGroups?: boolean;
}

/**
 * `keel fairness`: metrics by group for a model's (or a column's) predictions on a CSV.
 * @example `await fairnessCommand({ data: 'd.csv', target: 'y', sensitive: 'sex', predictions: 'pred', json: 'r.json' })`
 */
export async function fairnessCommand(o: FairnessOptions): Promise<void> {
  if ((o.model === undefined) === (o.predictions === undefined)) {
    throw new UsageError('CLI_OPTION', 'give exactly one of --model M.onnx or --predictions COL', { flag: '--model' });
  }
  const sensitive = list(o.sensitive);
  const columns = o.columns === undefined ? undefined : list(o.columns);
  const data = await readLabelledTable(o.data, { target: o.target, sensitive, positive: o.positive, columns });
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
    const X = prep === undefined ? numericFeatures(data, o.target, width, o.data, model) : await encodeRows(prep, o.data, columns);
    if (prep !== undefined && width !== undefined && X.cols !== width) {
      throw new DataError('MODEL_INPUT_MISMATCH', `${model}: the preprocess.json beside it encodes ${X.cols} inputs but the model expects ${width}`, { file: model, expected: width, actual: X.cols });
    }
    if (prep !== undefined) categories = sensitiveLevels(prep.spec.columns, sensitive);
    const p = await modelProbabilities(graph, X, model);
    scores = p;
    if (o.thresholds !== undefined) {
      const state = JSON.parse(readFileSync(o.thresholds, 'utf8')) as ThresholdOptimizerState;
      const missing = state.sensitiveFeatures.filter((f) => !(f in data.sensitive));
      if (missing.length > 0) throw new UsageError('CLI_OPTION', `${o.thresholds} needs the sensitive column(s) ${missing.join(', ')}; add them to --sensitive`, { file: o.thresholds, missing });
      yPred = ThresholdOptimizer.fromJSON(state).predict(p, { features: data.sensitive, seed });
    } else {
      yPred = labelsFrom(p, prep?.spec.output === 'probability', seed);
    }
  }
  const report = fairnessReport({ yTrue: data.y, yPred, positive: data.positive, sensitive: data.sensitive, categories, allowEmptyGroups: o.allowEmptyGroups ?? false, bootstrap: o.bootstrap ?? 200, seed });
  for (const w of report.warnings) warn(w);
  writeFileAtomic(o.json, toJson({ data: o.data, target: o.target, sensitive, ...(o.model === undefined ? { predictions: o.predictions } : { model: o.model }), ...report }));
  if (o.html !== undefined) writeFileAtomic(o.html, fairnessHtml(report, o.data, tradeoffs(scores, data.y, yPred, data.sensitive, sensitive, o.data)));
  const dp = Object.entries(report.demographic_parity_difference).map(([f, v]) => `${f} ${v === null ? 'n/a' : v.toFixed(4)}`).join(', ');
  process.stdout.write(`wrote ${o.json}${o.html === undefined ? '' : ` and ${o.html}`}: ${report.rows} rows, demographic parity difference ${dp}\n`);
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

/** The accuracy/demographic-parity trade-off of group thresholds on the model's scores, per sensitive feature. */
function tradeoffs(scores: Float64Array | undefined, yTrue: ArrayLike<number>, yPred: Uint8Array, features: Readonly<Record<string, readonly string[]>>, sensitive: readonly string[], source: string): FairnessTradeoffs {
  if (scores === undefined) return { missing: 'The accuracy/disparity trade-off needs the model\'s scores: pass --model M.onnx instead of --predictions.' };
  const byFeature = Object.fromEntries(sensitive.map((f) => [f, thresholdTradeoff({ scores, yTrue, yPred, features, sensitiveFeature: f })]));
  return { byFeature, xLabel: 'demographic parity difference', note: `Each sensitive feature's plot shows the accuracy and demographic parity difference that group-specific thresholds on the model's scores reach on ${source} (fitted and scored on these rows, as keel fairness mitigate --method threshold would without --test), their Pareto front, and this model's own predictions.` };
}
