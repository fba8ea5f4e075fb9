import { escapeHtml, figureHtml, fmt, pageHtml } from '../../figure/index.js';
import type { FrozenTrial, StudyDirection } from '../trial/index.js';
import { TRIAL_STATES } from '../trial/index.js';
import { completeTrials } from './param-axis.js';
import { studySections } from './study-figures.js';

/** Options of {@link renderStudyHtml}. */
export interface StudyHtmlOptions {
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  /** Which objective the plots show (default 0). */
  readonly objectiveIndex?: number;
}

/**
 * The study page body: a summary (trial counts by state, best trial and its parameters) and
 * every section of {@link studySections}. Shared by `keel tune --html` and the dashboard.
 * @example `const body = studyBodyHtml(trials, { studyName: 's', directions: ['minimize'] });`
 */
export function studyBodyHtml(trials: readonly FrozenTrial[], options: StudyHtmlOptions, level = 2): string {
  const k = options.objectiveIndex ?? 0;
  const direction = options.directions[k] ?? 'minimize';
  const counts = TRIAL_STATES.map((s) => [s, trials.filter((t) => t.state === s).length] as const).filter(([, n]) => n > 0);
  const sign = direction === 'minimize' ? 1 : -1;
  const best = completeTrials(trials, k).reduce<FrozenTrial | undefined>((b, t) => (b === undefined || sign * t.values![k]! < sign * b.values![k]! ? t : b), undefined);
  const params = best === undefined ? '' : `<table><caption>Parameters of the best trial</caption><tbody>${Object.entries(best.params).map(([n, v]) => `<tr><th scope="row">${escapeHtml(n)}</th><td>${escapeHtml(typeof v === 'number' ? fmt(v) : JSON.stringify(v))}</td></tr>`).join('')}</tbody></table>`;
  const summary = `<section><h${level}>Summary</h${level}><p>${counts.map(([s, n]) => `${escapeHtml(s)}: ${n}`).join(' · ')} — direction: ${escapeHtml(direction)}</p>${best === undefined ? '<p>No COMPLETE trial yet.</p>' : `<p>Best trial #${best.number}: <b>${escapeHtml(fmt(best.values![k]!))}</b></p>${params}`}</section>`;
  const sections = studySections(trials, { directions: options.directions, objectiveIndex: k }).map(
    (s) => `<section><h${level}>${escapeHtml(s.heading)}</h${level}>${s.figures.length === 0 ? `<p class="note">${escapeHtml(s.note ?? '')}</p>` : `<div class="figures">${s.figures.map(figureHtml).join('')}</div>`}</section>`,
  );
  return summary + sections.join('');
}

/**
 * A self-contained HTML page (inline SVG, no scripts, strict CSP) with every plot of a study:
 * history, intermediate values, EDF, Pareto front, importances, slices, parallel coordinates,
 * contour, timeline and the trial table. Every user string is escaped.
 *
 * @example
 * ```ts
 * writeFileSync('study.html', renderStudyHtml(await study.getTrials(), { studyName: study.studyName, directions: study.directions }));
 * ```
 */
export function renderStudyHtml(trials: readonly FrozenTrial[], options: StudyHtmlOptions): string {
  const title = `Keel study ${options.studyName}`;
  return pageHtml({ title, body: `<h1>${escapeHtml(title)}</h1>${studyBodyHtml(trials, options)}` });
}
