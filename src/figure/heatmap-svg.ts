import type { HeatmapChart } from './figure-types.js';
import { COLOUR_BAR_WIDTH, colourBarSvg, legendHeight, legendSvg } from './legend.js';
import { categorical, diverging, sequential, textOn } from './palette.js';
import { fmt } from './scale.js';
import { clip, px, svgOpen, text, textWidth, tip } from './svg.js';

/**
 * A heatmap as inline SVG: viridis (or blue–white–orange centred on 0) with a colour bar, row
 * and column labels, axis titles and, optionally, each cell's value or text printed in it.
 * @example `heatmapSvg({ kind: 'heatmap', id: 'cm', title: 'Confusion', alt: '...', rows: 2, cols: 2, values: [5, 1, 0, 4], rowTitle: 'true', colTitle: 'predicted' })`
 */
export function heatmapSvg(c: HeatmapChart): string {
  const texts = c.showValues === true ? (c.cellText ?? c.values.map(fmt)) : undefined;
  const lines = Math.max(1, ...(texts ?? []).map((t) => t.split('\n').length));
  const k = c.tickEvery;
  const indexTicks = (n: number): string[] => (k === undefined || k < 1 ? [] : Array.from({ length: n }, (_, i) => (i % k === 0 ? String(i) : '')));
  const rowLabels = (c.rowLabels ?? indexTicks(c.rows)).map((l) => clip(l, 14));
  const colLabels = (c.colLabels ?? indexTicks(c.cols)).map((l) => clip(l, 12));
  const maxCell = texts !== undefined ? Math.max(36, 14 * lines + 8) : c.rowLabels !== undefined || c.colLabels !== undefined ? 36 : 24;
  const square = Math.max(6, Math.min(maxCell, Math.floor((texts !== undefined ? 440 : 320) / Math.max(c.rows, c.cols))));
  // Category maps (such as a missing-value matrix) are rarely square: cells may be wide or tall,
  // and rows with names stay tall enough for their labels.
  const named = c.categories !== undefined;
  const cellW = named ? Math.max(3, Math.min(24, Math.floor(440 / c.cols))) : square;
  const cellH = named ? Math.max(rowLabels.length > 0 ? 14 : 4, Math.min(24, Math.floor(320 / c.rows))) : square;
  const rotate = colLabels.some((l) => textWidth(l, 10) > cellW - 2);
  const left = 8 + (c.rowTitle === undefined ? 0 : 18) + (rowLabels.length > 0 ? Math.max(...rowLabels.map((l) => textWidth(l, 10))) + 6 : 0);
  const colBand = colLabels.length === 0 ? 0 : rotate ? Math.max(...colLabels.map((l) => textWidth(l, 10))) + 10 : 16;
  const top = 12;
  const gridW = c.cols * cellW;
  const gridH = c.rows * cellH;
  const legend = (c.categories ?? []).map((label, i) => ({ label, colour: categorical(i), mark: 'box' as const }));
  const keyW = named ? Math.max(COLOUR_BAR_WIDTH, ...legend.map((l) => 42 + textWidth(clip(l.label, 28), 11))) : COLOUR_BAR_WIDTH;
  const width = Math.max(left + gridW + 12 + keyW, left + 180);
  const height = Math.max(top + gridH + colBand + (c.colTitle === undefined ? 6 : 22), top + 70, top + legendHeight(legend, keyW, true));
  const finite = c.values.filter(Number.isFinite);
  const lo = Math.min(0, ...finite);
  const hi = Math.max(...finite, 0);
  const absMax = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
  const colour = (v: number): string => (!Number.isFinite(v) ? '#fff' : named ? categorical(v) : c.diverging === true ? diverging(v / absMax) : sequential((v - lo) / (hi - lo || 1)));
  const out = [svgOpen(c.id, width, height, c.title, c.alt, named ? 'categories' : 'scale'), '<g font-size="10" fill="#222">'];
  for (let i = 0; i < c.rows; i++) {
    for (let j = 0; j < c.cols; j++) {
      const v = c.values[i * c.cols + j] ?? Number.NaN;
      const x = left + j * cellW;
      const y = top + i * cellH;
      const fill = colour(v);
      out.push(`<rect class="cell mark" x="${px(x)}" y="${px(y)}" width="${cellW}" height="${cellH}" fill="${fill}">${tip(`${c.rowLabels?.[i] ?? i}, ${c.colLabels?.[j] ?? j}: ${texts?.[i * c.cols + j]?.replace('\n', ' ') ?? c.categories?.[v] ?? fmt(v)}`)}</rect>`);
      if (texts !== undefined) {
        const parts = (texts[i * c.cols + j] ?? '').split('\n');
        parts.forEach((t, k) => out.push(text(x + cellW / 2, y + cellH / 2 + 4 + (k - (parts.length - 1) / 2) * 12, t, `class="cell-text" text-anchor="middle" fill="${textOn(fill)}"${k > 0 ? ' font-size="9"' : ''}`)));
      }
    }
  }
  rowLabels.forEach((l, i) => {
    if (l !== '') out.push(text(left - 4, top + i * cellH + cellH / 2 + 3, l, 'class="tick" text-anchor="end"'));
  });
  colLabels.forEach((l, j) => {
    if (l === '') return;
    const x = left + j * cellW + cellW / 2;
    const y = top + gridH + 12;
    // Labels too wide for their column stand upright (a quarter turn), so neighbours never overlap.
    out.push(rotate ? text(x + 3, top + gridH + 4, l, `class="tick" text-anchor="end" transform="rotate(-90 ${px(x + 3)} ${px(top + gridH + 4)})"`) : text(x, y, l, 'class="tick" text-anchor="middle"'));
  });
  if (c.colTitle !== undefined) out.push(text(left + gridW / 2, height - 6, clip(c.colTitle, 40), 'class="axis-title" font-size="11" text-anchor="middle"'));
  if (c.rowTitle !== undefined) {
    const my = top + gridH / 2;
    out.push(text(12, my, clip(c.rowTitle, Math.max(8, Math.floor(gridH / 6.6))), `class="axis-title" font-size="11" text-anchor="middle" transform="rotate(-90 12 ${px(my)})"`));
  }
  out.push('</g>');
  if (named) out.push(legendSvg(legend, left + gridW + 12, top - 6, keyW, true));
  else out.push(colourBarSvg({ lo: c.diverging === true ? -absMax : lo, hi: c.diverging === true ? absMax : hi, title: c.colourLabel ?? 'value', ...(c.diverging === true ? { diverging: true } : {}) }, left + gridW + 12, top, Math.max(gridH, 60)));
  out.push('</svg>');
  return out.join('');
}
