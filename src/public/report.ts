/**
 * `keel/report`: the audit — one call runs every area's checks (data, performance, fit,
 * explanations, robustness, fairness, efficiency, tuning) on a `Model` and writes
 * `report.json` and a self-contained `report.html`; and the read-only local dashboard.
 *
 * @example
 * ```ts
 * import { runAudit, writeAudit } from 'keel/report';
 * const report = await runAudit({ model: 'cnn.onnx', data: 'x.npy', labels: 'y.npy' });
 * writeAudit(report, 'audit');
 * ```
 * @packageDocumentation
 */
export { runAudit, writeAudit, parseAuditConfig, readAuditConfig, renderReportHtml, AREAS, SECTION_NAMES } from '../report/index.js';
export type { AuditOptions, AuditProgress, AuditConfig, AuditReport, AuditArea, AuditCheck, AuditCheckStatus, AuditSeverity, AreaReport, AreaStatus, SectionName, Threshold } from '../report/index.js';
export type { Figure, FigureValue, LineChart, BarChart, HeatmapChart, ParallelChart, TableFigure, Series } from '../report/index.js';
export type { ChartFigure, ImageFigure, Bar, XMarker, ScatterChart, ScatterPoint, ContourChart, TimelineChart, TokensFigure, Span, HistogramChart, StripChart, GalleryFigure, GalleryItem } from '../figure/index.js';
export { escapeHtml } from '../figure/index.js';
export { startDashboard, type Dashboard, type DashboardOptions } from '../serve/index.js';
// The section registry and config parts that the signatures above mention.
export { SECTIONS, auditConfigSchema, thresholdSchema } from '../report/index.js';
