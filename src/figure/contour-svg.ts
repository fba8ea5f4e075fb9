import { axesSvg, inner, leftMargin, type Frame } from './axes.js';
import type { ContourChart } from './figure-types.js';
import { COLOUR_BAR_WIDTH, colourBarSvg } from './legend.js';
import { sequential } from './palette.js';
import { fmt, scaleFor } from './scale.js';
import { px, svgOpen, tip } from './svg.js';

/**
 * A contour plot as inline SVG: an estimated surface over two parameters as a coloured grid
 * (viridis, colour bar), log axes where the parameters are log-distributed, observed points on top.
 * @example `contourSvg({ kind: 'contour', id: 'c', title: 'lr × width', alt: '…', xLabel: 'lr', yLabel: 'width', xDomain: [1e-4, 1], yDomain: [8, 64], logX: true, resolution: 2, surface: [1, 2, 3, 4], points: [], colourLabel: 'objective' })`
 */
export function contourSvg(c: ContourChart): string {
  const W = 480 + COLOUR_BAR_WIDTH;
  const H = 400;
  const yProbe = scaleFor([], [0, 1], { domain: c.yDomain, log: c.logY === true, integer: false });
  const left = leftMargin({ scale: yProbe, title: c.yLabel });
  const f: Frame = { W, H, left, right: 16 + COLOUR_BAR_WIDTH, top: 14, bottom: 44 };
  const { x0, x1, y0, y1 } = inner(f);
  const xs = scaleFor([], [x0, x1], { domain: c.xDomain, log: c.logX === true, integer: false });
  const ys = scaleFor([], [y1, y0], { domain: c.yDomain, log: c.logY === true, integer: false });
  const r = c.resolution;
  const vals = [...c.surface, ...c.points.map((p) => p.c ?? Number.NaN)].filter(Number.isFinite);
  const lo = Math.min(...vals);
  const hi = Math.max(...vals);
  const colour = (v: number): string => sequential(hi > lo ? (v - lo) / (hi - lo) : 0.5);
  const cw = (x1 - x0) / r;
  const ch = (y1 - y0) / r;
  const out = [svgOpen(c.id, W, H, c.title, c.alt, 'scale')];
  c.surface.forEach((v, i) => {
    const col = i % r;
    const row = Math.floor(i / r);
    out.push(`<rect class="cell" x="${px(x0 + col * cw)}" y="${px(y1 - (row + 1) * ch)}" width="${px(cw + 0.5)}" height="${px(ch + 0.5)}" fill="${colour(v)}"/>`);
  });
  out.push(axesSvg(f, { scale: xs, title: c.xLabel }, { scale: ys, title: c.yLabel }, false));
  for (const p of c.points) {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y)) continue;
    out.push(`<circle class="mark" cx="${px(xs.map(p.x))}" cy="${px(ys.map(p.y))}" r="3.5" fill="${p.c === undefined ? '#fff' : colour(p.c)}" stroke="#000">${tip(`${p.label ?? ''}${p.label === undefined ? '' : ': '}${c.xLabel} ${fmt(p.x)}, ${c.yLabel} ${fmt(p.y)}${p.c === undefined ? '' : `, ${c.colourLabel} ${fmt(p.c)}`}`)}</circle>`);
  }
  out.push(colourBarSvg({ lo, hi, title: c.colourLabel }, W - COLOUR_BAR_WIDTH, y0, y1 - y0), '</svg>');
  return out.join('');
}
