/**
 * The audit: one {@link Section} plug-in per area runs checks and draws figures; `runAudit`
 * assembles `report.json`, and one renderer turns it into the self-contained `report.html` and
 * the dashboard's pages (escaped text, inline SVG, no scripts).
 *
 * @example
 * ```ts
 * import { runAudit, writeAudit } from '../report/index.js';
 * const report = await runAudit({ model: 'cnn.onnx', data: 'x.npy', labels: 'y.npy' });
 * writeAudit(report, 'audit');
 * ```
 */
export { AREAS, AREA_TITLES } from './audit-types.js';
export type { AuditArea, AuditCheck, AuditCheckStatus, AuditReport, AuditSeverity, AreaReport, AreaStatus, Figure, FigureValue, LineChart, BarChart, HeatmapChart, ParallelChart, TableFigure, Series, SectionResult } from './audit-types.js';
export { parseAuditConfig, readAuditConfig, writeAuditConfig, auditConfigSchema, thresholdSchema, gauge, decided, type AuditConfig, type Threshold, type Measurement } from './audit-config.js';
export { readSplit, modelInput, type AuditData, type SplitSource, type ReadSplitOptions } from './audit-data.js';
export { notRun, cachedLogits, type Section, type AuditContext } from './section.js';
export { SECTIONS, SECTION_NAMES, type SectionName } from './section-registry.js';
export { runAudit, type AuditOptions, type AuditProgress } from './run-audit.js';
export { readAuditReport, writeAudit } from './write-audit.js';
export { maxConcurrency } from './study-figures.js';
export { renderReportHtml, reportBodyHtml, areaHtml, summaryHtml, statusHtml } from './render/report-html.js';
export { tokensFigure, lengthHistogram, lengthDistributions, tokensPage } from './text-figures.js';
export { readTextSplit, type AuditText, type ReadTextSplitOptions } from './audit-text.js';
