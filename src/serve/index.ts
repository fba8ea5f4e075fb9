/**
 * `keel serve`: a read-only local dashboard of training runs, tuning studies and audit reports,
 * rendered by the report renderer (no scripts, strict CSP, loopback by default).
 *
 * @example
 * ```ts
 * import { startDashboard } from '../serve/index.js';
 * const d = await startDashboard({ root: '.', storage: 'sqlite:tune.db' });
 * ```
 */
export { startDashboard, unsafePath, type Dashboard, type DashboardOptions } from './dashboard-server.js';
export { scanCatalog, readHistory, readReport, type Catalog, type CatalogEntry } from './catalog.js';
export { indexPage, runPage, studyPage, reportPage, errorPage, type StudySummary } from './dashboard-pages.js';
export { comparePage, compareFigure, parseCompareQuery, MAX_COMPARED_RUNS, type CompareQuery } from './compare-page.js';
