import type { HeatmapChart, ParallelChart } from '../audit-types.js';
import { clip, diverging, escapeHtml, fmt, sequential, svgOpen, text } from './svg-util.js';

/**
 * A heatmap as inline SVG: sequential (viridis) scale, or diverging blue–white–red centred on 0.
 * @example `heatmapSvg({ kind: 'heatmap', id: 'cm', title: 'Confusion', alt: '...', rows: 2, cols: 2, values: [5, 1, 0, 4] })`
 */
export function heatmapSvg(c: HeatmapChart): string {
  const labelled = c.rowLabels !== undefined || c.colLabels !== undefined;
  const left = c.rowLabels ? 90 : 8;
  const top = c.colLabels ? 70 : 8;
  const cell = Math.max(6, Math.min(labelled ? 36 : 24, Math.floor(320 / Math.max(c.rows, c.cols))));
  const width = left + c.cols * cell + 8;
  const height = top + c.rows * cell + 8;
  const finite = c.values.filter(Number.isFinite);
  const lo = Math.min(0, ...finite);
  const hi = Math.max(...finite, 0);
  const absMax = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
  const colour = (v: number): string => (c.diverging ? diverging(v / absMax) : sequential((v - lo) / (hi - lo || 1)));
  const out = [svgOpen(c.id, width, height, c.title, c.alt), '<g font-size="10">'];
  for (let i = 0; i < c.rows; i++) {
    for (let j = 0; j < c.cols; j++) {
      const v = c.values[i * c.cols + j] ?? Number.NaN;
      const x = left + j * cell;
      const y = top + i * cell;
      out.push(`<rect class="cell" x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${colour(v)}"><title>${escapeHtml(`${c.rowLabels?.[i] ?? i}, ${c.colLabels?.[j] ?? j}: ${fmt(v)}`)}</title></rect>`);
      if (c.showValues) {
        const light = c.diverging ? Math.abs(v) / absMax > 0.6 : (v - lo) / (hi - lo || 1) < 0.6;
        out.push(text(x + cell / 2, y + cell / 2 + 3, fmt(v), `text-anchor="middle" fill="${light ? '#fff' : '#000'}"`));
      }
    }
  }
  c.rowLabels?.forEach((l, i) => out.push(text(left - 4, top + i * cell + cell / 2 + 3, clip(l, 14), 'text-anchor="end"')));
  c.colLabels?.forEach((l, j) => {
    const x = left + j * cell + cell / 2;
    out.push(text(x, top - 4, clip(l, 12), `transform="rotate(-45 ${x} ${top - 4})"`));
  });
  out.push('</g></svg>');
  return out.join('');
}

/**
 * Parallel coordinates as inline SVG: one polyline per item, darker for higher scores.
 * @example `parallelSvg({ kind: 'parallel', id: 'p', title: 'Trials', alt: '...', axes: ['lr', 'objective'], lines: [{ values: [0.1, 0.5], score: -0.5 }] })`
 */
export function parallelSvg(c: ParallelChart): string {
  const W = 560;
  const H = 300;
  const top = 30;
  const bottom = 30;
  const n = c.axes.length;
  const ax = (k: number): number => 40 + (k * (W - 80)) / Math.max(1, n - 1);
  const bounds = c.axes.map((_, k) => {
    const v = c.lines.map((l) => l.values[k] ?? Number.NaN).filter(Number.isFinite);
    const lo = Math.min(...v);
    const hi = Math.max(...v);
    if (hi > lo) return [lo, hi] as const;
    // One value on this axis: centre it.
    const d = Math.abs(lo) / 2 || 0.5;
    return [lo - d, lo + d] as const;
  });
  const sy = (k: number, v: number): number => H - bottom - ((v - bounds[k]![0]) / (bounds[k]![1] - bounds[k]![0])) * (H - top - bottom);
  const scores = c.lines.map((l) => l.score);
  const sLo = Math.min(...scores);
  const sHi = Math.max(...scores);
  const out = [svgOpen(c.id, W, H, c.title, c.alt)];
  const sorted = [...c.lines].sort((a, b) => a.score - b.score);
  for (const l of sorted) {
    const d = l.values.map((v, k) => `${k === 0 ? 'M' : 'L'}${ax(k).toFixed(1)},${sy(k, v).toFixed(1)}`).join('');
    // Viridis from dark (best) to green; the palest yellow is left out for contrast on white.
    const colour = sequential(sHi > sLo ? 0.8 * (1 - (l.score - sLo) / (sHi - sLo)) : 0);
    out.push(`<path class="series" d="${d}" fill="none" stroke="${colour}" stroke-width="${l.dashed === true ? 1.2 : 2}"${l.dashed === true ? ' stroke-dasharray="4 3"' : ''} opacity="0.85"/>`);
  }
  c.axes.forEach((a, k) => {
    out.push(`<line x1="${ax(k)}" y1="${top}" x2="${ax(k)}" y2="${H - bottom}" stroke="#333"/>`);
    out.push(text(ax(k), top - 10, clip(a, 16), 'text-anchor="middle" font-size="11"'));
    out.push(text(ax(k), H - bottom + 14, fmt(bounds[k]![0]), 'text-anchor="middle" font-size="10"'), text(ax(k), top + 2, fmt(bounds[k]![1]), 'text-anchor="start" font-size="10" dx="3"'));
  });
  out.push('</svg>');
  return out.join('');
}
