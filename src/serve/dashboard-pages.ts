import { escapeHtml, figureHtml, pageHtml, type Figure } from '../figure/index.js';
import { reportBodyHtml, statusHtml, type AuditReport } from '../report/index.js';
import { studyBodyHtml, type FrozenTrial, type StudyRecord } from '../tune/index.js';
import { learningCurveFigures } from '../train/index.js';
import { readHistory, readReport, type CatalogEntry } from './catalog.js';
import { DASHBOARD_SCRIPT_PATH } from './dashboard-script.js';

/** The dashboard's navigation bar. */
export const NAV = [{ href: '/', label: 'Dashboard' }, { href: '/compare', label: 'Compare runs' }];
const compareHref = (ids: readonly number[]): string => `/compare?${ids.map((i) => `run=${i}`).join('&')}`;
const date = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

/** One line about a run: epochs and the last logged values. */
function runLine(history: readonly Readonly<Record<string, number>>[]): string {
  const last = history.at(-1);
  if (last === undefined) return 'no epochs yet';
  const shown = ['loss', 'val_loss', 'accuracy', 'val_accuracy'].filter((k) => last[k] !== undefined).map((k) => `${k} ${+last[k]!.toPrecision(3)}`);
  return `${history.length} epochs${shown.length > 0 ? `: ${shown.join(', ')}` : ''}`;
}

/** The study list entry the index page shows. */
export interface StudySummary {
  readonly study: StudyRecord;
  readonly trials: number;
  readonly complete: number;
}

function list(title: string, id: string, items: readonly string[], empty: string): string {
  return `<section class="area" aria-labelledby="${id}"><h2 id="${id}">${escapeHtml(title)}</h2>${items.length === 0 ? `<p class="note">${escapeHtml(empty)}</p>` : `<ul>${items.join('')}</ul>`}</section>`;
}

/**
 * The dashboard's front page: training runs, tuning studies and audit reports.
 * @example `indexPage({ runs: [], reports: [] }, [], 'sqlite:tune.db')`
 */
export function indexPage(catalog: { readonly runs: readonly CatalogEntry[]; readonly reports: readonly CatalogEntry[] }, studies: readonly StudySummary[] | string, storage: string | undefined): string {
  const runs = catalog.runs.map((r) => `<li><a href="/runs/${r.id}">${escapeHtml(r.name)}</a> <small>${escapeHtml(runLine(readHistory(r)))} · updated ${date(r.modifiedMs)}</small></li>`);
  const reports = catalog.reports.map((r) => {
    const report = readReport(r);
    const gate = report === undefined ? '' : `${statusHtml(report.passed ? 'pass' : 'fail')} `;
    const areas = report === undefined ? 'not a Keel audit report' : (['pass', 'warn', 'fail', 'not judged', 'n/a', 'not run'] as const).map((st) => `${report.areas.filter((x) => x.status === st).length} ${st}`).join(', ');
    return `<li><a href="/reports/${r.id}">${escapeHtml(r.name)}</a> ${gate}<small>${escapeHtml(areas)} · ${date(r.modifiedMs)}</small></li>`;
  });
  const studyItems = typeof studies === 'string' ? [] : studies.map((s) => `<li><a href="/studies/${s.study.studyId}">${escapeHtml(s.study.name)}</a> <small>${s.complete}/${s.trials} trials complete</small></li>`);
  const studyEmpty = typeof studies === 'string' ? studies : storage === undefined ? 'No storage given (--storage sqlite:PATH or postgres://...).' : 'No studies in the storage yet.';
  const body =
    `<header class="top"><h1>Keel dashboard</h1><p class="note">Read-only · refreshes every 10 s</p></header>` +
    list('Training runs', 'h-runs', runs, 'No training runs (folders with history.json) under the dashboard root.') +
    (catalog.runs.length > 1 ? `<p><a href="${escapeHtml(compareHref(catalog.runs.slice(0, 10).map((r) => r.id)))}">Compare ${Math.min(10, catalog.runs.length)} runs</a> (overlaid curves, smoothing, log scale)</p>` : '') +
    list('Tuning studies', 'h-studies', studyItems, studyEmpty) +
    list('Audit reports', 'h-reports', reports, 'No audit reports (folders with report.json) under the dashboard root.');
  return pageHtml({ title: 'Keel dashboard', body, nav: NAV, refreshSeconds: 10, script: DASHBOARD_SCRIPT_PATH });
}

/**
 * A training run: live learning curves (the page reloads every 5 s) and the epoch table.
 * @example `runPage(entry, [{ epoch: 1, loss: 0.5, lr: 0.1 }])`
 */
export function runPage(e: CatalogEntry, history: readonly Readonly<Record<string, number>>[]): string {
  const keys = [...new Set(history.flatMap((h) => Object.keys(h)))].filter((k) => k !== 'epoch');
  const figs: Figure[] = learningCurveFigures(history, { idPrefix: 'run' });
  figs.push({ kind: 'table', id: 'run-epochs', title: 'Epochs', alt: 'Every logged value of every epoch.', columns: ['epoch', ...keys], rows: history.map((h, i) => [h['epoch'] ?? i + 1, ...keys.map((k) => h[k] ?? null)]) });
  const body = `<header class="top"><h1>Training run ${escapeHtml(e.name)}</h1><p class="note">${history.length} epochs · live: reloads every 5 s · <a href="${escapeHtml(compareHref([e.id]))}">compare with other runs</a></p></header><div class="figures">${figs.map(figureHtml).join('')}</div>`;
  return pageHtml({ title: `Run ${e.name}`, body, nav: NAV, refreshSeconds: 5, script: DASHBOARD_SCRIPT_PATH });
}

/**
 * A tuning study: the same sections and plots as `keel tune --html` and the audit report.
 * @example `studyPage(record, trials)`
 */
export function studyPage(study: StudyRecord, trials: readonly FrozenTrial[]): string {
  const body = `<header class="top"><h1>Study ${escapeHtml(study.name)}</h1><p class="note">${trials.length} trials · ${escapeHtml(study.directions.join(', '))} · reloads every 10 s</p></header>${studyBodyHtml(trials, { studyName: study.name, directions: study.directions })}`;
  return pageHtml({ title: `Study ${study.name}`, body, nav: NAV, refreshSeconds: 10, script: DASHBOARD_SCRIPT_PATH });
}

/**
 * An audit report rendered by the same renderer as `report.html`.
 * @example `reportPage(entry, report)`
 */
export function reportPage(e: CatalogEntry, r: AuditReport): string {
  return pageHtml({ title: `Audit ${e.name}`, body: reportBodyHtml(r), nav: [...NAV, { href: `/reports/${e.id}/report.json`, label: 'report.json' }, ...r.areas.map((a) => ({ href: `#area-${a.area}`, label: a.title }))], script: DASHBOARD_SCRIPT_PATH });
}

/** A plain error page. */
export function errorPage(status: number, message: string): string {
  return pageHtml({ title: `${status}`, body: `<h1>${status}</h1><p>${escapeHtml(message)}</p>`, nav: NAV });
}
