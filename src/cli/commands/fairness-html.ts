/**
 * Self-contained HTML of the fairness commands (no scripts, no external resources): the metric
 * tables of a {@link FairnessReport} and an SVG Pareto plot of a trade-off. Every user string
 * (file, column and category names) is escaped.
 * @module
 */
import { escapeHtml } from '../../data/index.js';
import type { FairnessReport } from './fairness-report.js';

/** One point of a mitigation trade-off. */
export interface TradeoffPoint {
  readonly label: string;
  readonly parameter: number;
  readonly accuracy: number;
  readonly disparity: number;
  /** Whether this is the model that was written. */
  readonly chosen?: boolean;
}

const STYLE = 'body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f4f4f4}td:first-child{text-align:left}.fail{color:#b00}';
const fmt = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : v.toFixed(4));

function page(title: string, body: string): string {
  return `<!doctype html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>${body}</body></html>\n`;
}

/**
 * The `keel fairness --html` page.
 * @example `writeFileSync('r.html', fairnessHtml(report, 'data.csv'))`
 */
export function fairnessHtml(r: FairnessReport, source: string): string {
  const parts = [`<h1>Fairness report</h1><p>${escapeHtml(source)}: ${r.rows} rows, positive label <code>${escapeHtml(r.positive_label)}</code>.</p>`];
  for (const [feature, groups] of Object.entries(r.by_group)) {
    const rows = Object.entries(groups).map(([g, m]) => `<tr><td>${escapeHtml(g)}</td><td>${m.count}</td><td>${fmt(m.selection_rate)}</td><td>${fmt(m.accuracy)}</td><td>${fmt(m.tpr)}</td><td>${fmt(m.fpr)}</td></tr>`);
    const di = r.disparate_impact[feature];
    const ci = r.confidence_intervals[feature]?.['demographic_parity_difference'];
    parts.push(
      `<h2>${escapeHtml(feature)}</h2><table><thead><tr><th>group</th><th>count</th><th>selection rate</th><th>accuracy</th><th>TPR</th><th>FPR</th></tr></thead><tbody>${rows.join('')}</tbody></table>` +
        `<table><tbody><tr><td>demographic parity difference</td><td>${fmt(r.demographic_parity_difference[feature])}${ci ? ` (95% CI ${fmt(ci.lower)}–${fmt(ci.upper)})` : ''}</td></tr>` +
        `<tr><td>demographic parity ratio</td><td>${fmt(r.demographic_parity_ratio[feature])}</td></tr>` +
        `<tr><td>equalized odds difference</td><td>${fmt(r.equalized_odds_difference[feature])}</td></tr>` +
        `<tr><td>four-fifths rule</td><td class="${di?.passes_four_fifths === false ? 'fail' : ''}">${di?.passes_four_fifths === null || di === undefined ? '—' : di.passes_four_fifths ? 'passes' : 'fails'}</td></tr></tbody></table>`,
    );
  }
  if (r.warnings.length > 0) parts.push(`<h2>Warnings</h2><ul>${r.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>`);
  return page(`Fairness report: ${source}`, parts.join('\n'));
}

/**
 * An SVG scatter of accuracy (y) against disparity (x); the chosen point is filled red.
 * @example `const svg = paretoSvg(points, 'demographic parity difference');`
 */
export function paretoSvg(points: readonly TradeoffPoint[], xLabel: string): string {
  const W = 560, H = 360, L = 60, B = 40, T = 20, R = 20;
  const xs = points.map((p) => p.disparity), ys = points.map((p) => p.accuracy);
  const x0 = 0, x1 = Math.max(0.01, ...xs) * 1.05;
  const y0 = Math.min(...ys) - 0.005, y1 = Math.max(...ys) + 0.005;
  const sx = (v: number): number => L + ((v - x0) / (x1 - x0)) * (W - L - R);
  const sy = (v: number): number => H - B - ((v - y0) / (y1 - y0)) * (H - B - T);
  const dots = points.map((p) => `<circle cx="${sx(p.disparity).toFixed(1)}" cy="${sy(p.accuracy).toFixed(1)}" r="${p.chosen === true ? 6 : 4}" fill="${p.chosen === true ? '#c00' : '#36c'}"><title>${escapeHtml(`${p.label}: accuracy ${p.accuracy.toFixed(4)}, disparity ${p.disparity.toFixed(4)}`)}</title></circle>`);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => {
    const xv = x0 + t * (x1 - x0), yv = y0 + t * (y1 - y0);
    return `<text x="${sx(xv).toFixed(1)}" y="${H - B + 16}" font-size="11" text-anchor="middle">${xv.toFixed(3)}</text><text x="${L - 6}" y="${sy(yv).toFixed(1)}" font-size="11" text-anchor="end">${yv.toFixed(3)}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}"><rect width="${W}" height="${H}" fill="white"/>` +
    `<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="#444"/><line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="#444"/>${ticks.join('')}` +
    `<text x="${(L + W - R) / 2}" y="${H - 6}" font-size="12" text-anchor="middle">${escapeHtml(xLabel)}</text><text x="14" y="${(T + H - B) / 2}" font-size="12" text-anchor="middle" transform="rotate(-90 14 ${(T + H - B) / 2})">accuracy</text>${dots.join('')}</svg>`;
}

/**
 * The `keel fairness mitigate` trade-off page: the plot and a table of the points.
 * @example `writeFileSync('tradeoff.html', tradeoffHtml(points, { title, xLabel }))`
 */
export function tradeoffHtml(points: readonly TradeoffPoint[], meta: { readonly title: string; readonly xLabel: string; readonly note: string }): string {
  const rows = points.map((p) => `<tr><td>${escapeHtml(p.label)}${p.chosen === true ? ' (written)' : ''}</td><td>${p.parameter}</td><td>${p.accuracy.toFixed(4)}</td><td>${p.disparity.toFixed(4)}</td></tr>`);
  return page(meta.title, `<h1>${escapeHtml(meta.title)}</h1><p>${escapeHtml(meta.note)}</p>${paretoSvg(points, meta.xLabel)}<table><thead><tr><th>point</th><th>parameter</th><th>accuracy</th><th>${escapeHtml(meta.xLabel)}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`);
}
