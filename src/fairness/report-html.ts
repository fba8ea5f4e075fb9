/**
 * The pages of a fairness report and of a mitigation's trade-off, drawn by the one renderer: per-group metric bars with
 * bootstrap 95% intervals, the gaps between groups, the group tables and the accuracy/disparity
 * trade-off with its Pareto front (figure and front from the fairness library). Every user string (file, column and category names) is escaped.
 * @module
 */
import { escapeHtml, figureHtml, figureSvg, pageHtml, type Figure } from '../figure/index.js';
import type { FairnessReport } from './report.js';
import { tradeoffFigure, type TradeoffPoint } from './tradeoff.js';

const METRICS = [
  ['selection_rate', 'selection rate'],
  ['accuracy', 'accuracy'],
  ['tpr', 'true positive rate'],
  ['fpr', 'false positive rate'],
] as const;

const nan = (v: number | null | undefined): number => (v === null || v === undefined ? Number.NaN : v);

/** The figures of one sensitive feature: a bar chart per metric, the gaps and the group table. */
function featureFigures(r: FairnessReport, feature: string, k: number): Figure[] {
  const groups = Object.entries(r.by_group[feature] ?? {});
  const ci = r.group_intervals[feature] ?? {};
  const figs: Figure[] = METRICS.map(([key, name]) => ({
    kind: 'bar' as const,
    id: `f${k}-${key}`,
    title: `${name} by ${feature}`,
    alt: `${name} of each group of "${feature}" with bootstrap 95% intervals; the dashed line is the overall value (${nan(r.overall[key]).toFixed(3)}).`,
    valueLabel: name,
    categoryLabel: feature,
    reference: nan(r.overall[key]),
    bars: groups.map(([g, m]) => ({ label: g, value: nan(m[key]), ...(ci[g]?.[key] === undefined ? {} : { lower: ci[g][key].lower, upper: ci[g][key].upper }) })),
  }));
  const diffs = r.confidence_intervals[feature] ?? {};
  const gap = (key: string, label: string, v: number | null | undefined): { label: string; value: number; lower?: number; upper?: number } => ({ label, value: nan(v), ...(diffs[key] === undefined ? {} : { lower: diffs[key].lower, upper: diffs[key].upper }) });
  figs.push({
    kind: 'bar',
    id: `f${k}-gaps`,
    title: `Gaps between groups of ${feature}`,
    alt: `Largest differences between groups of "${feature}" with bootstrap 95% intervals; 0 means no gap.`,
    valueLabel: 'largest difference between groups',
    reference: 0,
    bars: [gap('demographic_parity_difference', 'demographic parity', r.demographic_parity_difference[feature]), gap('tpr_difference', 'true positive rate', undefined), gap('fpr_difference', 'false positive rate', undefined), gap('accuracy_difference', 'accuracy', undefined)].filter((b) => Number.isFinite(b.value) || b.lower !== undefined),
  });
  const di = r.disparate_impact[feature];
  figs.push({
    kind: 'table',
    id: `f${k}-groups`,
    title: `Groups of ${feature}`,
    alt: `Rows and metrics of each group of "${feature}".`,
    columns: ['group', 'rows', 'selection rate', 'accuracy', 'TPR', 'FPR'],
    rows: groups.map(([g, m]) => [g, m.count, m.selection_rate, m.accuracy, m.tpr, m.fpr]),
  });
  figs.push({
    kind: 'table',
    id: `f${k}-summary`,
    title: `Disparities of ${feature}`,
    alt: `Demographic parity and equalized odds of "${feature}".`,
    columns: ['measure', 'value'],
    rows: [
      ['demographic parity difference', r.demographic_parity_difference[feature] ?? null],
      ['demographic parity ratio', r.demographic_parity_ratio[feature] ?? null],
      ['equalized odds difference', r.equalized_odds_difference[feature] ?? null],
      ['four-fifths rule', di?.passes_four_fifths === null || di === undefined ? 'n/a' : di.passes_four_fifths ? 'passes' : 'fails'],
    ],
  });
  return figs;
}

/** The accuracy/disparity trade-off of each sensitive feature on `keel fairness --html`, or why there is none. */
export type FairnessTradeoffs = { readonly byFeature: Readonly<Record<string, readonly TradeoffPoint[]>>; readonly xLabel: string; readonly note: string } | { readonly missing: string };

/**
 * The `keel fairness --html` page: for each sensitive feature, per-group bars with bootstrap
 * intervals, the gaps, the tables and the accuracy/disparity trade-off with its Pareto front.
 * @example `writeFileSync('r.html', fairnessHtml(report, 'data.csv', { missing: 'needs --model' }))`
 */
export function fairnessHtml(r: FairnessReport, source: string, tradeoffs: FairnessTradeoffs): string {
  const parts = [`<h1>Fairness report</h1><p>${escapeHtml(source)}: ${r.rows} rows, positive label <code>${escapeHtml(r.positive_label)}</code>.</p>`];
  Object.keys(r.by_group).forEach((feature, k) => {
    const points = 'byFeature' in tradeoffs ? tradeoffs.byFeature[feature] : undefined;
    const xLabel = 'byFeature' in tradeoffs ? tradeoffs.xLabel : '';
    const curve = points === undefined || points.length === 0 ? [] : [tradeoffFigure(points, xLabel, { id: `f${k}-tradeoff`, chosenName: 'this model', title: `Accuracy against ${xLabel} by ${feature}` })];
    parts.push(`<section><h2>${escapeHtml(feature)}</h2><div class="figures">${[...featureFigures(r, feature, k), ...curve].map(figureHtml).join('')}</div></section>`);
  });
  parts.push(`<section><h2>Accuracy and disparity trade-off</h2><p class="note">${escapeHtml('byFeature' in tradeoffs ? tradeoffs.note : tradeoffs.missing)}</p></section>`);
  if (r.warnings.length > 0) parts.push(`<section><h2>Warnings</h2><ul>${r.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul></section>`);
  return pageHtml({ title: `Fairness report: ${source}`, body: parts.join('\n') });
}

/**
 * The trade-off as a standalone SVG (`tradeoff.svg`).
 * @example `const svg = paretoSvg(points, 'demographic parity difference');`
 */
export function paretoSvg(points: readonly TradeoffPoint[], xLabel: string): string {
  return figureSvg(tradeoffFigure(points, xLabel));
}

/**
 * The `keel fairness mitigate` trade-off page: the plot and a table of the points.
 * @example `writeFileSync('tradeoff.html', tradeoffHtml(points, { title, xLabel, note }))`
 */
export function tradeoffHtml(points: readonly TradeoffPoint[], meta: { readonly title: string; readonly xLabel: string; readonly note: string }): string {
  const table: Figure = { kind: 'table', id: 'tradeoff-points', title: 'Explored models', alt: 'Each explored model with its parameter, accuracy and disparity.', columns: ['point', 'parameter', 'accuracy', meta.xLabel], rows: points.map((p) => [`${p.label}${p.chosen === true ? ' (written)' : ''}`, p.parameter, p.accuracy, p.disparity]) };
  return pageHtml({ title: meta.title, body: `<h1>${escapeHtml(meta.title)}</h1><p>${escapeHtml(meta.note)}</p><div class="figures">${figureHtml(tradeoffFigure(points, meta.xLabel))}</div>${figureHtml(table)}` });
}
