import type { ParallelChart } from './figure-types.js';
import { COLOUR_BAR_WIDTH, colourBarSvg } from './legend.js';
import { sequential } from './palette.js';
import { fmt, scaleFor, type Scale } from './scale.js';
import { clip, px, svgOpen, text, tip } from './svg.js';

/** Viridis without its palest end, so lines stay visible on white. */
const lineColour = (t: number): string => sequential(0.88 * t);

/**
 * Parallel coordinates as inline SVG: one vertical axis per dimension with its own nice ticks
 * (log axes and category names where given), one polyline per item coloured by its score on
 * viridis with a colour bar; dashed items drawn thinner.
 * @example `parallelSvg({ kind: 'parallel', id: 'p', title: 'Trials', alt: '...', axes: ['lr', 'objective'], lines: [{ values: [0.1, 0.5], score: 0.5 }] })`
 */
export function parallelSvg(c: ParallelChart): string {
  const n = c.axes.length;
  const W = Math.max(480, 130 + 130 * Math.max(1, n - 1)) + COLOUR_BAR_WIDTH;
  const H = 320;
  const top = 34;
  const bottom = 24;
  const x0 = 70;
  const x1 = W - COLOUR_BAR_WIDTH - 60;
  const ax = (k: number): number => x0 + (k * (x1 - x0)) / Math.max(1, n - 1);
  const scales: Scale[] = c.axes.map((_, k) => {
    const cats = c.categories?.[k] ?? undefined;
    if (cats !== undefined) return scaleFor([], [H - bottom, top], { domain: [-0.5, Math.max(0, cats.length - 1) + 0.5], integer: true });
    return scaleFor(c.lines.map((l) => l.values[k] ?? Number.NaN), [H - bottom, top], { log: c.logAxes?.[k] === true });
  });
  const scores = c.lines.map((l) => l.score).filter(Number.isFinite);
  const lo = Math.min(...scores);
  const hi = Math.max(...scores);
  const t = (s: number): number => (hi > lo ? (s - lo) / (hi - lo) : 0.5);
  const out = [svgOpen(c.id, W, H, c.title, c.alt, 'scale')];
  // Best-coloured lines last, so they are on top.
  const sorted = [...c.lines].sort((a, b) => a.score - b.score);
  for (const l of sorted) {
    const d = l.values.map((v, k) => `${k === 0 ? 'M' : 'L'}${px(ax(k))},${px(scales[k]!.map(v))}`).join('');
    out.push(`<path class="series mark" d="${d}" fill="none" stroke="${lineColour(t(l.score))}" stroke-width="${l.dashed === true ? 1.2 : 1.8}"${l.dashed === true ? ' stroke-dasharray="4 3"' : ''} opacity="0.85">${tip(`${l.label ?? ''}${l.label === undefined ? '' : ': '}${c.scoreLabel ?? 'score'} ${fmt(l.score)}`)}</path>`);
  }
  c.axes.forEach((a, k) => {
    const x = ax(k);
    out.push(`<g class="axis" font-size="10" fill="#222"><line x1="${px(x)}" y1="${top}" x2="${px(x)}" y2="${H - bottom}" stroke="#333"/>`);
    out.push(text(x, top - 14, clip(a, 16), 'class="axis-title" text-anchor="middle" font-size="11"'));
    const cats = c.categories?.[k] ?? undefined;
    const ticks = cats !== undefined ? cats.map((s, i) => ({ v: i, s: clip(s, 10) })) : scales[k]!.ticks.map((v) => ({ v, s: fmt(v) }));
    let lastY = Number.POSITIVE_INFINITY;
    for (const tk of ticks) {
      const y = scales[k]!.map(tk.v);
      if (Math.abs(lastY - y) < 13) continue;
      lastY = y;
      out.push(`<line x1="${px(x - 3)}" y1="${px(y)}" x2="${px(x)}" y2="${px(y)}" stroke="#333"/>`, text(x - 5, y + 3.5, tk.s, 'class="tick" text-anchor="end" stroke="#fff" stroke-width="3" paint-order="stroke"'));
    }
    out.push('</g>');
  });
  out.push(colourBarSvg({ lo, hi, title: c.scoreLabel ?? 'score', colour: lineColour }, W - COLOUR_BAR_WIDTH, top, H - top - bottom), '</svg>');
  return out.join('');
}
