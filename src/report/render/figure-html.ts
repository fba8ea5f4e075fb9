import type { Figure, TableFigure } from '../audit-types.js';
import { barSvg, lineSvg } from './chart-svg.js';
import { heatmapSvg, parallelSvg } from './matrix-svg.js';
import { escapeHtml, fmt } from './svg-util.js';
import { tokensSvg } from './tokens-svg.js';

function tableHtml(t: TableFigure): string {
  const head = t.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('');
  const body = t.rows
    .slice(0, 500)
    .map((r) => `<tr>${r.map((v) => `<td>${escapeHtml(typeof v === 'number' ? fmt(v) : String(v))}</td>`).join('')}</tr>`)
    .join('');
  return `<div class="table-wrap"><table id="${escapeHtml(t.id)}"><caption>${escapeHtml(t.title)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/**
 * One figure as HTML: an inline SVG chart in a `<figure>` with caption, or a table.
 * @example `figureHtml({ kind: 'line', id: 'c', title: 'Loss', alt: 'Loss per epoch', xLabel: 'epoch', yLabel: 'loss', series: [] })`
 */
export function figureHtml(f: Figure): string {
  if (f.kind === 'table') return tableHtml(f);
  const svg = f.kind === 'line' ? lineSvg(f) : f.kind === 'bar' ? barSvg(f) : f.kind === 'heatmap' ? heatmapSvg(f) : f.kind === 'tokens' ? tokensSvg(f) : parallelSvg(f);
  const small = f.kind === 'heatmap' && f.rows * f.cols <= 256 && f.rowLabels === undefined ? ' small' : '';
  return `<figure class="figure${small}" id="fig-${escapeHtml(f.id)}">${svg}<figcaption>${escapeHtml(f.title)}</figcaption></figure>`;
}
