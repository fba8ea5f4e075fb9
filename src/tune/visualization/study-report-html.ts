import { getParamImportances } from '../importance/index.js';
import type { FrozenTrial, StudyDirection } from '../trial/index.js';
import { TRIAL_STATES } from '../trial/index.js';
import { contourSvg } from './contour-plot.js';
import { historySvg } from './history-plot.js';
import { parallelCoordinatesSvg } from './parallel-coordinates.js';
import { paretoSvg } from './pareto-plot.js';
import { sliceSvg } from './slice-plot.js';
import { escapeXml, fmt, svg, text } from './svg.js';

/** Options of {@link renderStudyHtml}. */
export interface StudyHtmlOptions {
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  /** Which objective the plots show (default 0). */
  readonly objectiveIndex?: number;
}

/**
 * A self-contained HTML page (inline SVG, no scripts, no external resources) with a study's
 * optimisation history, the Pareto front (multi-objective studies), parameter importances
 * (permutation and fANOVA side by side), a slice plot, parallel coordinates and a contour plot
 * of the two most important parameters, plus the best trial. Every user string (study name, parameter
 * names, categorical choices) is escaped. Also usable by other reports: each plot is a plain
 * function returning an `<svg>` string (`historySvg`, `parallelCoordinatesSvg`, `contourSvg`).
 *
 * @example
 * ```ts
 * writeFileSync('study.html', renderStudyHtml(await study.getTrials(), { studyName: study.studyName, directions: study.directions }));
 * ```
 */
export function renderStudyHtml(trials: readonly FrozenTrial[], options: StudyHtmlOptions): string {
  const k = options.objectiveIndex ?? 0;
  const direction = options.directions[k] ?? 'minimize';
  const counts = TRIAL_STATES.map((s) => [s, trials.filter((t) => t.state === s).length] as const).filter(([, n]) => n > 0);
  const complete = trials.filter((t) => t.state === 'COMPLETE' && Number.isFinite(t.values?.[k]));
  const sign = direction === 'minimize' ? 1 : -1;
  const best = complete.reduce<FrozenTrial | undefined>((b, t) => (b === undefined || sign * t.values![k]! < sign * b.values![k]! ? t : b), undefined);
  let importances: Record<string, number> = {};
  let fanova: Record<string, number> = {};
  try {
    if (complete.length >= 2) {
      importances = getParamImportances(trials, { objectiveIndex: k });
      fanova = getParamImportances(trials, { objectiveIndex: k, method: 'fanova' });
    }
  } catch {
    importances = {};
  }
  const ranked = Object.keys(importances);
  const numeric = ranked.filter((n) => complete[0]?.distributions[n]?.kind !== 'categorical');
  const pair = (numeric.length >= 2 ? numeric : ranked).slice(0, 2);
  const sections = [
    section('Summary', `<p>${counts.map(([s, n]) => `${escapeXml(s)}: ${n}`).join(' · ')} — direction: ${escapeXml(direction)}</p>${best === undefined ? '<p>No COMPLETE trial yet.</p>' : `<p>Best trial #${best.number}: <b>${escapeXml(fmt(best.values![k]!))}</b></p>${paramsTable(best)}`}`),
    section('Optimization history', historySvg(trials, direction, k)),
    ...(options.directions.length > 1 ? [section('Pareto front', paretoSvg(trials, options.directions))] : []),
    section('Parameter importance', `<div style="display:flex;flex-wrap:wrap;gap:16px">${importanceSvg(importances, 'Permutation importance')}${Object.keys(fanova).length > 0 ? importanceSvg(fanova, 'fANOVA importance') : ''}</div>`),
    section('Slice plot', sliceSvg(trials, direction, k, ranked.length > 0 ? ranked : undefined)),
    section('Parallel coordinates', parallelCoordinatesSvg(trials, direction, k)),
    section('Contour', pair.length === 2 ? contourSvg(trials, pair[0]!, pair[1]!, direction, { objectiveIndex: k }) : '<p>Needs two parameters.</p>'),
  ];
  const title = `Keel study ${options.studyName}`;
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeXml(title)}</title><style>body{font-family:system-ui,sans-serif;margin:24px;color:#222}section{margin-bottom:28px}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}</style></head><body><h1>${escapeXml(title)}</h1>${sections.join('')}</body></html>\n`;
}

function section(title: string, body: string): string {
  return `<section><h2>${escapeXml(title)}</h2>${body}</section>`;
}

function paramsTable(t: FrozenTrial): string {
  const rows = Object.entries(t.params).map(([n, v]) => `<tr><th>${escapeXml(n)}</th><td>${escapeXml(typeof v === 'number' ? fmt(v) : JSON.stringify(v))}</td></tr>`);
  return `<table>${rows.join('')}</table>`;
}

function importanceSvg(importances: Readonly<Record<string, number>>, title: string): string {
  const entries = Object.entries(importances);
  if (entries.length === 0) return '<p>Needs at least 2 COMPLETE trials sharing parameters.</p>';
  const w = 560;
  const bar = 22;
  const body = entries.map(([n, v], i) => {
    const y = 10 + i * (bar + 6);
    return `${text(150, y + 15, n, 'font-size="12" text-anchor="end"')}<rect x="156" y="${y}" width="${(v * (w - 230)).toFixed(1)}" height="${bar}" fill="#4c78a8"/>${text(160 + v * (w - 230), y + 15, fmt(v), 'font-size="11"')}`;
  }).join('');
  return svg(w, 36 + entries.length * (bar + 6), title, `${text(10, 14, title, 'font-size="12" font-weight="bold"')}<g transform="translate(0,16)">${body}</g>`);
}
