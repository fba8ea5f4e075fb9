/**
 * Keel's one renderer: the Figure model (plain JSON specs), SVG charts escaped by construction,
 * the one HTML escaper, the one palette and the page shell with its Content-Security-Policy.
 * Every command and report draws through here; it depends on nothing else in Keel.
 * @module
 */
export type { Bar, BarChart, ChartFigure, ContourChart, Figure, FigureValue, GalleryFigure, GalleryItem, HeatmapChart, HistogramChart, ImageFigure, StripChart, LineChart, ParallelChart, ScatterChart, ScatterPoint, Series, Span, TableFigure, TimelineChart, TokensFigure, XMarker } from './figure-types.js';
export { escapeHtml } from './escape.js';
export { OKABE_ITO, DASHES, categorical, dash, sequential, diverging, divergingRgb, textOn } from './palette.js';
export { fmt, ticks, logTicks, scaleFor, type Scale, type ScaleOptions } from './scale.js';
export { figureHtml, figureSvg, figuresSvg, tableHtml } from './figure-html.js';
export { figureData, dataTable } from './figure-table.js';
export { lineSvg } from './line-svg.js';
export { emaSmooth } from './smooth.js';
export { barSvg } from './bar-svg.js';
export { heatmapSvg } from './heatmap-svg.js';
export { parallelSvg } from './parallel-svg.js';
export { scatterSvg } from './scatter-svg.js';
export { contourSvg } from './contour-svg.js';
export { timelineSvg } from './timeline-svg.js';
export { tokensSvg } from './tokens-svg.js';
export { histogramSvg } from './histogram-svg.js';
export { stripSvg } from './strip-svg.js';
export { galleryHtml } from './gallery-html.js';
export { pageHtml, STYLE, STYLE_HASH, CONTENT_SECURITY_POLICY, SCRIPT_CONTENT_SECURITY_POLICY, type PageParts } from './page-html.js';
