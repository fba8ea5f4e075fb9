import { join } from 'node:path';
import { ensureFolder, writeFileAtomic } from '../io/index.js';
import type { AuditReport } from './audit-types.js';
import { renderReportHtml } from './render/report-html.js';

/**
 * Writes `report.json` and the self-contained `report.html` into `dir` (created if missing).
 * @example `writeAudit(await runAudit(opts), 'audit-out');`
 */
export function writeAudit(report: AuditReport, dir: string): { json: string; html: string } {
  ensureFolder(dir);
  const json = join(dir, 'report.json');
  const html = join(dir, 'report.html');
  const enc = new TextEncoder();
  writeFileAtomic(json, enc.encode(`${JSON.stringify(report, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`));
  writeFileAtomic(html, enc.encode(renderReportHtml(report)));
  return { json, html };
}
