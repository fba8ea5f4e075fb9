export { renderStudyHtml } from './study-report-html.js';
export type { StudyHtmlOptions } from './study-report-html.js';
export { historySvg } from './history-plot.js';
export { parallelCoordinatesSvg } from './parallel-coordinates.js';
export { contourSvg } from './contour-plot.js';
export type { ContourOptions } from './contour-plot.js';
export { escapeXml } from './svg.js';
export { sliceSvg } from './slice-plot.js';
export { paretoSvg } from './pareto-plot.js';
