import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { camelCaseKeys, snakeCaseKeys } from '../core/index.js';
import { ensureFolder, writeFileAtomic } from '../io/index.js';
import type { AuditReport } from './audit-types.js';
import { renderReportHtml } from './render/report-html.js';

/**
 * Writes `report.json` (snake_case keys, non-finite numbers as null) and the self-contained
 * `report.html` into `dir` (created if missing).
 * @example `writeAudit(await runAudit(opts), 'audit-out');`
 */
export function writeAudit(report: AuditReport, dir: string): { json: string; html: string } {
  ensureFolder(dir);
  const json = join(dir, 'report.json');
  const html = join(dir, 'report.html');
  const enc = new TextEncoder();
  writeFileAtomic(json, enc.encode(`${JSON.stringify(snakeCaseKeys(report), null, 2)}\n`));
  writeFileAtomic(html, enc.encode(renderReportHtml(report)));
  return { json, html };
}

/**
 * Reads a `report.json` written by {@link writeAudit} back as an {@link AuditReport}; undefined
 * when the file is not a Keel audit report.
 * @example `const r = readAuditReport('audit-out/report.json');`
 */
export function readAuditReport(file: string): AuditReport | undefined {
  try {
    const v = camelCaseKeys(JSON.parse(readFileSync(file, 'utf8'))) as Partial<AuditReport>;
    return v.format === 'keel-audit/1' && Array.isArray(v.areas) ? (v as AuditReport) : undefined;
  } catch {
    return undefined;
  }
}
