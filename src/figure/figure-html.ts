import { barSvg } from './bar-svg.js';
import { contourSvg } from './contour-svg.js';
import { escapeHtml } from './escape.js';
import { dataTable } from './figure-table.js';
import type { ChartFigure, Figure, TableFigure } from './figure-types.js';
import { galleryHtml } from './gallery-html.js';
import { heatmapSvg } from './heatmap-svg.js';
import { histogramSvg } from './histogram-svg.js';
import { lineSvg } from './line-svg.js';
import { parallelSvg } from './parallel-svg.js';
import { fmt } from './scale.js';
import { scatterSvg } from './scatter-svg.js';
import { stripSvg } from './strip-svg.js';
import { timelineSvg } from './timeline-svg.js';
import { tokensSvg } from './tokens-svg.js';

/**
 * A chart figure as a standalone SVG string (for files such as `curves.svg`).
 * @example `writeFileSync('curves.svg', figureSvg(lossFigure))`
 */
export function figureSvg(f: ChartFigure): string {
  switch (f.kind) {
    case 'line':
      return lineSvg(f);
    case 'scatter':
      return scatterSvg(f);
    case 'bar':
      return barSvg(f);
    case 'heatmap':
      return heatmapSvg(f);
    case 'parallel':
      return parallelSvg(f);
    case 'contour':
      return contourSvg(f);
    case 'timeline':
      return timelineSvg(f);
    case 'tokens':
      return tokensSvg(f);
    case 'histogram':
      return histogramSvg(f);
    case 'strip':
      return stripSvg(f);
  }
}

/**
 * Chart figures side by side as one standalone SVG string on a white background (for files that
 * hold several charts, such as `curves.svg`).
 * @example `writeFileSync('curves.svg', figuresSvg([lossFigure, metricsFigure]))`
 */
export function figuresSvg(figures: readonly ChartFigure[]): string {
  const charts = figures.map(figureSvg);
  const sizes = charts.map((s) => /width="(\d+)" height="(\d+)"/.exec(s)!.slice(1).map(Number) as [number, number]);
  const width = sizes.reduce((a, [w]) => a + w, 0);
  const height = Math.max(...sizes.map(([, h]) => h));
  let x = 0;
  const placed = charts.map((s, i) => {
    const out = s.replace('<svg ', `<svg x="${x}" y="0" `);
    x += sizes[i]![0];
    return out;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="${width}" height="${height}" fill="#fff"/>${placed.join('')}</svg>\n`;
}

/** A table figure as HTML (at most 500 rows), with a caption. */
export function tableHtml(t: TableFigure): string {
  const head = t.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('');
  const body = t.rows
    .slice(0, 500)
    .map((r) => `<tr>${r.map((v) => `<td>${escapeHtml(typeof v === 'number' ? fmt(v) : v === null ? '' : String(v))}</td>`).join('')}</tr>`)
    .join('');
  return `<div class="table-wrap"><table id="${escapeHtml(t.id)}"><caption>${escapeHtml(t.title)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/**
 * One figure as HTML: an inline SVG chart in a `<figure>` with its caption and, folded under it,
 * its data as a table (the text alternative); a table figure is drawn as the table itself.
 * @example `figureHtml({ kind: 'line', id: 'c', title: 'Loss', alt: 'Loss per epoch', xLabel: 'epoch', yLabel: 'loss', series: [] })`
 */
export function figureHtml(f: Figure): string {
  if (f.kind === 'table') return tableHtml(f);
  const id = escapeHtml(f.id);
  if (f.kind === 'image') {
    return `<figure class="figure image" id="fig-${id}"><img src="${escapeHtml(f.src)}" width="${f.width}" height="${f.height}" alt="${escapeHtml(f.alt)}"><figcaption>${escapeHtml(f.title)}</figcaption></figure>`;
  }
  if (f.kind === 'gallery') {
    return `<figure class="figure examples" id="fig-${id}">${galleryHtml(f)}<figcaption>${escapeHtml(f.title)}</figcaption><details class="data"><summary>Data table</summary>${tableHtml(dataTable(f))}</details></figure>`;
  }
  const small = f.kind === 'heatmap' && f.rows * f.cols <= 256 && f.rowLabels === undefined && f.showValues !== true ? ' small' : '';
  return `<figure class="figure${small}" id="fig-${id}">${figureSvg(f)}<figcaption>${escapeHtml(f.title)}</figcaption><details class="data"><summary>Data table</summary>${tableHtml(dataTable(f))}</details></figure>`;
}
