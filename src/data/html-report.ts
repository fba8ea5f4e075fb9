import { escapeHtml, figureHtml, pageHtml, type Figure, type FigureValue } from '../figure/index.js';
import type { CheckResult, CheckStatus, EvidenceValue } from './check.js';

function show(v: EvidenceValue): FigureValue {
  if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  const list = v.slice(0, 20).map(String).join(', ');
  return v.length > 20 ? `${list}, … (${v.length})` : list;
}

const BADGE: Readonly<Record<CheckStatus, string>> = { pass: '✓ pass', fail: '✗ fail', warn: '! warn', not_judged: '? not judged', not_run: '– not run' };
const CLASS: Readonly<Record<CheckStatus, string>> = { pass: 'pass', fail: 'fail', warn: 'warn', not_judged: 'not-judged', not_run: 'not-run' };

/** The evidence items of a check as a table figure (first 50). */
function itemsTable(c: CheckResult, k: number): Figure | undefined {
  const items = c.evidence.items;
  if (items.length === 0) return undefined;
  const keys = [...new Set(items.slice(0, 50).flatMap((i) => Object.keys(i)))];
  return { kind: 'table', id: `check-${k}-items`, title: `${c.id}: evidence${items.length > 50 ? ` (first 50 of ${items.length}; all in the JSON report)` : ''}`, alt: `Evidence items of ${c.id}.`, columns: keys, rows: items.slice(0, 50).map((i) => keys.map((key) => show(i[key] ?? null))) };
}

/** What the report is about (shown in its header). */
export interface ReportMeta {
  readonly train: string;
  readonly test?: string | undefined;
  readonly target?: string | undefined;
}

/**
 * A self-contained HTML page (the one page shell: inline CSS, no scripts, strict CSP) for a
 * check report: a summary, then each check with its status in words, evidence and any figures.
 * Every user-supplied string — file names, column names, values, summaries — is escaped.
 *
 * @example
 * ```ts
 * writeFileSync('report.html', renderHtmlReport(report.checks, { train: 'train.csv' }));
 * ```
 */
export function renderHtmlReport(checks: readonly CheckResult[], meta: ReportMeta, figures: readonly Figure[] = []): string {
  const count = (...st: CheckStatus[]): number => checks.filter((c) => st.includes(c.status)).length;
  const sections = checks
    .map((c, k) => {
      const stats = Object.entries(c.evidence.stats).map(([key, v]) => `<span class="stat">${escapeHtml(key)}: ${escapeHtml(String(show(v) ?? ''))}</span>`).join(' · ');
      const cols = c.evidence.columns.length > 0 ? `<p>Columns: ${escapeHtml(c.evidence.columns.slice(0, 40).join(', '))}${c.evidence.columns.length > 40 ? ` … (${c.evidence.columns.length})` : ''}</p>` : '';
      const rows = c.evidence.rows.length > 0 ? `<p>Rows (0-based): ${escapeHtml(String(show(c.evidence.rows)))}</p>` : '';
      const items = itemsTable(c, k);
      const reason = c.reason === undefined ? '' : ` <small>(${escapeHtml(c.reason)})</small>`;
      return `<section class="area" id="check-${escapeHtml(c.id)}"><h3>${escapeHtml(c.id)} <span class="status ${CLASS[c.status]}">${BADGE[c.status]}</span>${c.passed ? '' : ` <small>(${escapeHtml(c.severity)})</small>`}${reason}</h3><p>${escapeHtml(c.summary)}</p>${cols}${rows}${stats === '' ? '' : `<p class="note">${stats}</p>`}${items === undefined ? '' : figureHtml(items)}</section>`;
    })
    .join('');
  const about = [`train: ${meta.train}`, meta.test === undefined ? '' : `test: ${meta.test}`, meta.target === undefined ? '' : `target: ${meta.target}`].filter((s) => s.length > 0).map(escapeHtml).join(' · ');
  const figs = figures.length === 0 ? '' : `<section><h2>Figures</h2><div class="figures">${figures.map(figureHtml).join('')}</div></section>`;
  const body = `<header class="top"><h1>Keel data check</h1><p>${about}</p></header><p>${count('pass')} passed, ${count('fail', 'warn')} failed, ${count('not_judged')} not judged, ${count('not_run')} not run.</p>${figs}<section><h2>Checks</h2>${sections}</section>`;
  return pageHtml({ title: 'Keel data check', body });
}
