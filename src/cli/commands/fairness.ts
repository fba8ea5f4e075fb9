import { join } from 'node:path';
import { warn } from '../../core/index.js';
import { fairnessHtml, paretoSvg, tradeoffHtml, type ParityConstraint } from '../../fairness/index.js';
import { measureFairness, measureFairnessWithTradeoffs, mitigateFairness, thresholdFile } from '../../fairness-learners/index.js';
import { saveModelSidecars } from '../../data/index.js';
import { ensureFolder, writeFileAtomic } from '../../io/index.js';
import { exportModel } from '../../onnx/index.js';
import { commaList } from '../options.js';
import { say, writeJson } from '../output.js';

/** Options of `keel fairness` (lists as the comma-separated text of the command line). */
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
 * `keel fairness`: the fairness report of a model's (or a column's) predictions on a CSV, written
 * as JSON (a file, or stdout for `-`) and optionally as an HTML page.
 * @example `await fairnessCommand({ data: 'd.csv', target: 'y', sensitive: 'sex', predictions: 'pred', json: 'r.json' })`
 */
export async function fairnessCommand(o: FairnessOptions): Promise<void> {
  const sensitive = commaList(o.sensitive);
  const options = { ...o, sensitive, columns: o.columns === undefined ? undefined : commaList(o.columns) };
  // The page also plots the trade-off of group thresholds, which needs the model's scores.
  const { report, tradeoffs } = o.html === undefined ? { report: await measureFairness(options), tradeoffs: undefined } : await measureFairnessWithTradeoffs(options);
  for (const w of report.warnings) warn(w);
  writeJson(o.json, { data: o.data, target: o.target, sensitive, ...(o.model === undefined ? { predictions: o.predictions } : { model: o.model }), ...report });
  if (o.html !== undefined && tradeoffs !== undefined) writeFileAtomic(o.html, fairnessHtml(report, o.data, tradeoffs));
  const dp = Object.entries(report.demographic_parity_difference).map(([f, v]) => `${f} ${v === null ? 'n/a' : v.toFixed(4)}`).join(', ');
  say(o.json, `wrote ${o.json === '-' ? 'the report to stdout' : o.json}${o.html === undefined ? '' : ` and ${o.html}`}: ${report.rows} rows, demographic parity difference ${dp}`);
}

/** Options of `keel fairness mitigate` (lists as the comma-separated text of the command line). */
export interface MitigateOptions {
  readonly method: 'reweigh' | 'reduction' | 'threshold';
  readonly constraint: ParityConstraint;
  readonly data: string;
  readonly target: string;
  readonly sensitive: string;
  readonly test?: string;
  readonly out: string;
  readonly positive?: string;
  readonly columns?: string;
  readonly hidden?: number;
  readonly epochs?: number;
  readonly eps?: number;
  readonly tolerance?: number;
  readonly seed?: number;
  readonly dropSensitive?: boolean;
  readonly allowEmptyGroups?: boolean;
}

/** What `keel fairness mitigate --out DIR` writes. */
export const MITIGATE_OUTPUTS = ['model.onnx', 'preprocess.json', 'labels.json', 'thresholds.json', 'tradeoff.json', 'tradeoff.svg', 'tradeoff.html'] as const;

/**
 * `keel fairness mitigate`: trains a Keel model with a mitigation and writes it (or its
 * thresholds), its preprocessing and the accuracy/disparity trade-off it explored into `out`.
 * @example `await mitigateCommand({ method: 'threshold', constraint: 'demographic_parity', data: 'train.csv', target: 'y', sensitive: 'sex', out: 'dir' })`
 */
export async function mitigateCommand(o: MitigateOptions): Promise<void> {
  const m = await mitigateFairness({ ...o, sensitive: commaList(o.sensitive), columns: o.columns === undefined ? undefined : commaList(o.columns) });
  ensureFolder(o.out);
  writeFileAtomic(join(o.out, 'model.onnx'), exportModel(m.model));
  saveModelSidecars(o.out, { classes: m.preprocessor.classes, preprocessor: m.preprocessor });
  if (m.thresholds !== undefined) writeJson(join(o.out, 'thresholds.json'), thresholdFile(m.thresholds));
  const chosen = m.points.find((p) => p.chosen === true);
  writeJson(join(o.out, 'tradeoff.json'), { method: o.method, constraint: o.constraint, disparity: m.disparity, evaluated_on: m.evaluatedOn, rows: m.rows, baseline: m.points[0], chosen, points: m.points });
  writeFileAtomic(join(o.out, 'tradeoff.svg'), `${paretoSvg(m.points, m.disparity)}\n`);
  writeFileAtomic(join(o.out, 'tradeoff.html'), tradeoffHtml(m.points, { title: `keel fairness mitigate: ${o.method}`, xLabel: m.disparity, note: m.note }));
  const b = m.points[0]!;
  say(undefined, `wrote ${o.out}: accuracy ${b.accuracy.toFixed(4)} -> ${chosen?.accuracy.toFixed(4) ?? '?'}, ${m.disparity} ${b.disparity.toFixed(4)} -> ${chosen?.disparity.toFixed(4) ?? '?'}`);
}

