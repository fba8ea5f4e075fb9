import type { BarChart, LineChart, Series } from '../audit-types.js';
import { DASHES, OKABE_ITO, clip, escapeHtml, fmt, svgOpen, text, ticks } from './svg-util.js';

const W = 560;
const H0 = 320;
const M = { left: 56, right: 16, top: 16, bottom: 44 };

function range(values: readonly number[], unit: boolean): [number, number] {
  const f = values.filter(Number.isFinite);
  if (f.length === 0) return [0, 1];
  let lo = Math.min(...f);
  let hi = Math.max(...f);
  if (unit && lo >= 0 && hi <= 1) return [0, 1];
  if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

function axes(xs: [number, number], ys: [number, number], xLabel: string, yLabel: string, sx: (v: number) => number, sy: (v: number) => number, top: number, H: number): string {
  const parts: string[] = [`<g class="axis" stroke="#555" fill="#222" font-size="11">`];
  parts.push(`<line x1="${M.left}" y1="${H - M.bottom}" x2="${W - M.right}" y2="${H - M.bottom}"/>`);
  parts.push(`<line x1="${M.left}" y1="${top}" x2="${M.left}" y2="${H - M.bottom}"/>`);
  for (const t of ticks(xs[0], xs[1])) parts.push(`<line x1="${sx(t).toFixed(1)}" y1="${H - M.bottom}" x2="${sx(t).toFixed(1)}" y2="${H - M.bottom + 4}"/>`, text(sx(t), H - M.bottom + 16, fmt(t), 'text-anchor="middle" stroke="none"'));
  for (const t of ticks(ys[0], ys[1])) parts.push(`<line x1="${M.left - 4}" y1="${sy(t).toFixed(1)}" x2="${M.left}" y2="${sy(t).toFixed(1)}"/>`, `<line x1="${M.left}" y1="${sy(t).toFixed(1)}" x2="${W - M.right}" y2="${sy(t).toFixed(1)}" stroke="#ddd"/>`, text(M.left - 6, sy(t) + 4, fmt(t), 'text-anchor="end" stroke="none"'));
  parts.push(text((M.left + W - M.right) / 2, H - 8, xLabel, 'text-anchor="middle" stroke="none"'));
  parts.push(text(14, (top + H - M.bottom) / 2, yLabel, `text-anchor="middle" stroke="none" transform="rotate(-90 14 ${(top + H - M.bottom) / 2})"`));
  parts.push('</g>');
  return parts.join('');
}

const LEGEND_ROW = 14;
/** Rows of the legend (drawn above the plot, so it never hides a line). */
const legendRows = (n: number): number => (n < 2 ? 0 : Math.ceil(n / 3));

function legend(series: readonly Series[]): string {
  if (series.length < 2) return '';
  const items = series.map(({ name: n, markersOnly }, i) => {
    const x = M.left + 8 + (i % 3) * 160;
    const y = 10 + Math.floor(i / 3) * LEGEND_ROW;
    const colour = OKABE_ITO[i % OKABE_ITO.length]!;
    const mark = markersOnly === true ? `<circle cx="${x + 9}" cy="${y}" r="3" fill="${colour}"/>` : `<line x1="${x}" y1="${y}" x2="${x + 18}" y2="${y}" stroke="${colour}" stroke-width="2.5" stroke-dasharray="${DASHES[i % DASHES.length]}"/>`;
    return `${mark}${text(x + 22, y + 4, clip(n, 22), 'font-size="11"')}`;
  });
  return `<g class="legend">${items.join('')}</g>`;
}

/**
 * A line chart as inline SVG (learning curves, robust accuracy vs ε, reliability diagrams).
 * @example `lineSvg({ kind: 'line', id: 'c', title: 'Loss', alt: 'Loss per epoch', xLabel: 'epoch', yLabel: 'loss', series: [{ name: 'loss', points: [[1, 0.5]] }] })`
 */
export function lineSvg(c: LineChart): string {
  const pts = c.series.flatMap((s) => s.points);
  const top = M.top + legendRows(c.series.length) * LEGEND_ROW;
  const H = H0 + top - M.top;
  const xs = c.diagonal ? ([0, 1] as [number, number]) : range(pts.map((p) => p[0]), false);
  const ys = c.diagonal ? ([0, 1] as [number, number]) : range(pts.map((p) => p[1]), true);
  const sx = (v: number): number => M.left + ((v - xs[0]) / (xs[1] - xs[0] || 1)) * (W - M.left - M.right);
  const sy = (v: number): number => H - M.bottom - ((v - ys[0]) / (ys[1] - ys[0] || 1)) * (H - top - M.bottom);
  const out = [svgOpen(c.id, W, H, c.title, c.alt), axes(xs, ys, c.xLabel, c.yLabel, sx, sy, top, H)];
  if (c.diagonal) out.push(`<line x1="${sx(0)}" y1="${sy(0)}" x2="${sx(1)}" y2="${sy(1)}" stroke="#888" stroke-dasharray="4 4"/>`);
  c.series.forEach((s, i) => {
    const colour = OKABE_ITO[i % OKABE_ITO.length]!;
    const ok = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    if (ok.length === 0) return;
    const d = ok.map(([x, y], k) => `${k === 0 ? 'M' : 'L'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join('');
    if (s.markersOnly !== true) out.push(`<path class="series" d="${d}" fill="none" stroke="${colour}" stroke-width="2" stroke-dasharray="${DASHES[i % DASHES.length]}"/>`);
    if (ok.length <= 60 || s.markersOnly === true) for (const [x, y] of ok) out.push(`<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="3" fill="${colour}"><title>${escapeHtml(`${s.name}: ${fmt(x)}, ${fmt(y)}`)}</title></circle>`);
  });
  out.push(legend(c.series), '</svg>');
  return out.join('');
}

/**
 * A horizontal bar chart as inline SVG, with optional interval whiskers and a reference line.
 * @example `barSvg({ kind: 'bar', id: 'b', title: 'Importance', alt: '...', valueLabel: 'drop', bars: [{ label: 'age', value: 0.2 }] })`
 */
export function barSvg(c: BarChart): string {
  const bars = c.bars.slice(0, 40);
  const rowH = 22;
  const left = 150;
  const height = M.top + bars.length * rowH + M.bottom;
  const vals = bars.flatMap((b) => [b.value, b.lower ?? b.value, b.upper ?? b.value]).concat(c.reference === undefined ? [] : [c.reference], [0]);
  const [lo, hi] = range(vals, true);
  const sx = (v: number): number => left + ((v - lo) / (hi - lo || 1)) * (W - left - M.right);
  const out = [svgOpen(c.id, W, height, c.title, c.alt), '<g font-size="11" fill="#222">'];
  for (const t of ticks(lo, hi)) out.push(`<line x1="${sx(t).toFixed(1)}" y1="${M.top}" x2="${sx(t).toFixed(1)}" y2="${height - M.bottom}" stroke="#ddd"/>`, text(sx(t), height - M.bottom + 14, fmt(t), 'text-anchor="middle"'));
  bars.forEach((b, i) => {
    const y = M.top + i * rowH;
    const x0 = sx(Math.min(0, b.value));
    const w = Math.abs(sx(b.value) - sx(0));
    out.push(text(left - 6, y + 15, clip(b.label, 22), 'text-anchor="end"'));
    if (Number.isFinite(b.value)) out.push(`<rect class="bar" x="${x0.toFixed(1)}" y="${y + 4}" width="${Math.max(1, w).toFixed(1)}" height="${rowH - 8}" fill="${OKABE_ITO[0]}"><title>${escapeHtml(`${b.label}: ${fmt(b.value)}`)}</title></rect>`);
    if (b.lower !== undefined && b.upper !== undefined && Number.isFinite(b.lower) && Number.isFinite(b.upper)) {
      out.push(`<path d="M${sx(b.lower).toFixed(1)},${y + 11}H${sx(b.upper).toFixed(1)}M${sx(b.lower).toFixed(1)},${y + 6}v10M${sx(b.upper).toFixed(1)},${y + 6}v10" stroke="${OKABE_ITO[5]}" stroke-width="1.5" fill="none"/>`);
    }
  });
  if (c.reference !== undefined && Number.isFinite(c.reference)) out.push(`<line x1="${sx(c.reference).toFixed(1)}" y1="${M.top}" x2="${sx(c.reference).toFixed(1)}" y2="${height - M.bottom}" stroke="#000" stroke-dasharray="4 3"/>`);
  out.push(text((left + W) / 2, height - 10, c.valueLabel, 'text-anchor="middle"'), '</g></svg>');
  return out.join('');
}
