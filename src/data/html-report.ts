import type { CheckResult, CheckStatus, EvidenceValue } from './check.js';

/**
 * Escapes text for HTML element content and quoted attribute values.
 *
 * @example
 * ```ts
 * escapeHtml('<b>"x"</b>'); // '&lt;b&gt;&quot;x&quot;&lt;/b&gt;'
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function show(v: EvidenceValue): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toPrecision(4);
  if (typeof v === 'string' || typeof v === 'boolean') return String(v);
  const list = v.slice(0, 20).map(String).join(', ');
  return v.length > 20 ? `${list}, … (${v.length})` : list;
}

function itemsTable(items: CheckResult['evidence']['items']): string {
  if (items.length === 0) return '';
  const keys = [...new Set(items.slice(0, 50).flatMap((i) => Object.keys(i)))];
  const head = keys.map((k) => `<th>${escapeHtml(k)}</th>`).join('');
  const rows = items
    .slice(0, 50)
    .map((i) => `<tr>${keys.map((k) => `<td>${escapeHtml(show(i[k] ?? null))}</td>`).join('')}</tr>`)
    .join('');
  const more = items.length > 50 ? `<p class="more">${items.length - 50} more in the JSON report.</p>` : '';
  return `<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>${more}`;
}

/** What the report is about (shown in its header). */
export interface ReportMeta {
  readonly train: string;
  readonly test?: string | undefined;
  readonly target?: string | undefined;
}

/**
 * A self-contained HTML page (inline CSS, no scripts, no external resources) for a check report.
 * Every user-supplied string — file names, column names, values, summaries — is escaped.
 *
 * @example
 * ```ts
 * writeFileSync('report.html', renderHtmlReport(report.checks, { train: 'train.csv' }));
 * ```
 */
export function renderHtmlReport(checks: readonly CheckResult[], meta: ReportMeta): string {
  const count = (...st: CheckStatus[]): number => checks.filter((c) => st.includes(c.status)).length;
  const sections = checks
    .map((c) => {
      const status = c.status === 'not_run' || c.status === 'not_judged' ? 'not-run' : c.passed ? 'pass' : c.severity;
      const badge = c.status === 'not_run' ? 'NOT RUN' : c.status === 'not_judged' ? 'NOT JUDGED' : c.passed ? 'PASS' : c.severity.toUpperCase();
      const stats = Object.entries(c.evidence.stats)
        .map(([k, v]) => `<span class="stat">${escapeHtml(k)}: ${escapeHtml(show(v))}</span>`)
        .join(' ');
      const cols = c.evidence.columns.length > 0 ? `<p>Columns: ${escapeHtml(c.evidence.columns.join(', '))}</p>` : '';
      const rows = c.evidence.rows.length > 0 ? `<p>Rows (0-based): ${escapeHtml(show(c.evidence.rows))}</p>` : '';
      return (
        `<section class="${status}"><h2><span class="badge">${escapeHtml(badge)}</span> ` +
        `${escapeHtml(c.id)}</h2><p>${escapeHtml(c.summary)}</p>${cols}${rows}<p>${stats}</p>${itemsTable(c.evidence.items)}</section>`
      );
    })
    .join('\n');
  const about = [`train: ${meta.train}`, meta.test === undefined ? '' : `test: ${meta.test}`, meta.target === undefined ? '' : `target: ${meta.target}`]
    .filter((s) => s.length > 0)
    .map(escapeHtml)
    .join(' · ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Keel data check</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;color:#222}
section{border-left:6px solid #2a2;padding:.3rem 1rem;margin:1rem 0;background:#fafafa}
section.warning{border-color:#d90}section.error{border-color:#c22}section.info{border-color:#39c}section.not-run{border-color:#999;border-left-style:dashed}
.badge{font-size:.75rem;padding:.1rem .4rem;border-radius:.2rem;background:#ddd;vertical-align:middle}
table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}
.stat{display:inline-block;margin-right:1rem;color:#555}.more{color:#777}
</style></head><body>
<h1>Keel data check</h1>
<p>${about}</p>
<p>${count('pass')} passed, ${count('fail', 'warn')} failed, ${count('not_judged')} not judged, ${count('not_run')} not run.</p>
${sections}
</body></html>
`;
}
