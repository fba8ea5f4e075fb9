import type { AreaReport, AreaStatus, AuditCheck, AuditCheckStatus, AuditReport } from '../audit-types.js';
import { escapeHtml, figureHtml, fmt, pageHtml } from '../../figure/index.js';

const MARK: Readonly<Record<AreaStatus, string>> = { pass: '✓ pass', warn: '! warn', fail: '✗ fail', 'not judged': '? not judged', 'not run': '– not run', 'n/a': '○ n/a' };
const CLASS: Readonly<Record<AreaStatus, string>> = { pass: 'pass', warn: 'warn', fail: 'fail', 'not judged': 'not-judged', 'not run': 'not-run', 'n/a': 'na' };
const CHECK_MARK: Readonly<Record<AuditCheckStatus, AreaStatus>> = { pass: 'pass', warn: 'warn', fail: 'fail', not_judged: 'not judged', not_run: 'not run' };

/** A pass/warn/fail badge: text and symbol, never colour alone. */
export function statusHtml(s: AreaStatus): string {
  return `<span class="status ${CLASS[s]}">${MARK[s]}</span>`;
}

function checkStatus(c: AuditCheck): AreaStatus {
  return CHECK_MARK[c.status ?? (c.passed ? 'pass' : c.severity === 'error' ? 'fail' : 'warn')];
}

const isFailure = (c: AuditCheck): boolean => checkStatus(c) === 'fail' || checkStatus(c) === 'warn';

const LONG = 360;
/** Long summaries (a data check listing hundreds of columns) are cut; report.json keeps the full text. */
const brief = (s: string): string => (s.length > LONG ? `${s.slice(0, LONG - 1)}… (full text in report.json)` : s);

function checksTable(checks: readonly AuditCheck[]): string {
  if (checks.length === 0) return '';
  const rows = checks
    .map((c) => {
      const v = c.figures['value'];
      return `<tr><td><code>${escapeHtml(c.id)}</code></td><td>${statusHtml(checkStatus(c))}${isFailure(c) ? ` <small>(${escapeHtml(c.severity)})</small>` : ''}${c.reason === undefined ? '' : ` <small>(${escapeHtml(c.reason)})</small>`}</td><td>${escapeHtml(typeof v === 'number' ? fmt(v) : v === undefined || v === null ? '' : String(v))}</td><td>${escapeHtml(brief(c.summary))}</td></tr>`;
    })
    .join('');
  return `<div class="table-wrap"><table class="checks"><caption>Checks</caption><thead><tr><th scope="col">check</th><th scope="col">result</th><th scope="col">value</th><th scope="col">summary</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

/** One area's section: heading, status, notes, checks and figures. */
export function areaHtml(a: AreaReport, level = 2): string {
  const notes = [...(a.notRun === undefined ? [] : [a.notRun]), ...a.notes].map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('');
  const figs = a.figures.length === 0 ? '' : `<div class="figures">${a.figures.map(figureHtml).join('')}</div>`;
  return `<section class="area" id="area-${escapeHtml(a.area)}" aria-labelledby="h-${escapeHtml(a.area)}"><h${level} id="h-${escapeHtml(a.area)}">${escapeHtml(a.title)} ${statusHtml(a.status)}</h${level}>${notes}${checksTable(a.checks)}${figs}</section>`;
}

/** One line per area for the summary: why it did not run, which checks failed, or its first check. */
function headline(a: AreaReport): string {
  if (a.notRun !== undefined && a.checks.length === 0) return a.notRun;
  const failed = a.checks.filter(isFailure);
  if (failed.length > 0) return `${failed.length === 1 ? 'failed' : `${failed.length} failed`}: ${failed.map((c) => c.id).join(', ')}`;
  return a.checks[0] === undefined ? '' : brief(a.checks[0].summary);
}

/** The summary table of the nine areas: status (symbol and word), checks passed and a headline. */
export function summaryHtml(r: AuditReport, link = (area: string): string => `#area-${area}`): string {
  const rows = r.areas
    .map((a) => {
      const passed = a.checks.filter((c) => checkStatus(c) === 'pass').length;
      return `<tr><th scope="row"><a href="${escapeHtml(link(a.area))}">${escapeHtml(a.title)}</a></th><td>${statusHtml(a.status)}</td><td>${passed}/${a.checks.length}</td><td>${escapeHtml(headline(a))}</td></tr>`;
    })
    .join('');
  return `<table class="summary"><caption>Summary of the nine areas</caption><thead><tr><th scope="col">area</th><th scope="col">status</th><th scope="col">checks passed</th><th scope="col">headline</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/**
 * The audit report body (shared by `report.html` and the dashboard).
 * @example `const body = reportBodyHtml(report);`
 */
export function reportBodyHtml(r: AuditReport, level = 1): string {
  const inputs = Object.entries(r.inputs)
    .filter(([, v]) => v !== null && v !== '')
    .map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${escapeHtml(v ?? '')}</td></tr>`)
    .join('');
  const gate = r.passed ? statusHtml('pass') : statusHtml('fail');
  return (
    `<header class="top"><h${level}>Keel audit report</h${level}><p>Gate: ${gate} · ${escapeHtml(r.createdAt)}</p></header>` +
    `<table class="inputs"><caption>Inputs</caption><tbody>${inputs}</tbody></table>${summaryHtml(r)}` +
    r.areas.map((a) => areaHtml(a, level + 1)).join('')
  );
}

/**
 * `report.html`: a self-contained page (inline SVG, inline stylesheet, no scripts, strict CSP).
 * @example `writeFileSync('report.html', renderReportHtml(report));`
 */
export function renderReportHtml(r: AuditReport): string {
  return pageHtml({ title: 'Keel audit report', body: reportBodyHtml(r), nav: [{ href: '#main', label: 'Summary' }, ...r.areas.map((a) => ({ href: `#area-${a.area}`, label: a.title }))] });
}
