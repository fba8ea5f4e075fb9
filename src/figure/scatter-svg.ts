import { axesSvg, bandScale, inner, leftMargin, type AxisSpec, type Frame } from './axes.js';
import type { ScatterChart } from './figure-types.js';
import { COLOUR_BAR_WIDTH, colourBarSvg } from './legend.js';
import { categorical, diverging, sequential } from './palette.js';
import { fmt, scaleFor } from './scale.js';
import { px, svgOpen, tip } from './svg.js';

/**
 * A scatter chart as inline SVG: log or category axes, and points coloured on viridis (or the
 * diverging scale) with a colour bar when they carry a value `c`.
 * @example `scatterSvg({ kind: 'scatter', id: 's', title: 'lr', alt: '…', xLabel: 'lr', yLabel: 'objective', logX: true, points: [{ x: 1e-3, y: 0.2, c: 4 }], colourLabel: 'trial' })`
 */
export function scatterSvg(c: ScatterChart): string {
  const coloured = c.points.some((p) => p.c !== undefined);
  const W = 560 + (coloured ? COLOUR_BAR_WIDTH : 0);
  const H = c.yCategories !== undefined ? Math.max(200, c.yCategories.length * 26 + 70) : 300;
  const yAxis = (range: readonly [number, number]): AxisSpec =>
    c.yCategories !== undefined ? { scale: bandScale(c.yCategories.length, range), title: c.yLabel, categories: c.yCategories } : { scale: scaleFor(c.points.map((p) => p.y), range, { log: c.logY === true }), title: c.yLabel };
  const left = leftMargin(yAxis([0, 1]));
  const f: Frame = { W, H, left, right: 16 + (coloured ? COLOUR_BAR_WIDTH : 0), top: 14, bottom: 44 };
  const { x0, x1, y0, y1 } = inner(f);
  const x: AxisSpec =
    c.xCategories !== undefined
      ? { scale: bandScale(c.xCategories.length, [x0, x1]), title: c.xLabel, categories: c.xCategories }
      : { scale: scaleFor([...c.points.map((p) => p.x), ...(c.xReference === undefined ? [] : [c.xReference])], [x0, x1], { log: c.logX === true }), title: c.xLabel };
  const y = yAxis([y1, y0]);
  const cs = c.points.map((p) => p.c).filter((v): v is number => v !== undefined && Number.isFinite(v));
  const absMax = Math.max(1e-12, ...cs.map(Math.abs));
  const [lo, hi] = c.divergingColour === true ? [-absMax, absMax] : [Math.min(...cs), Math.max(...cs)];
  const colourOf = (v: number | undefined): string => (v === undefined ? categorical(0) : c.divergingColour === true ? diverging(v / absMax) : sequential(hi > lo ? (v - lo) / (hi - lo) : 0.5));
  const out = [svgOpen(c.id, W, H, c.title, c.alt, coloured ? 'scale' : 'none'), axesSvg(f, x, y)];
  if (c.xReference !== undefined) out.push(`<line x1="${px(x.scale.map(c.xReference))}" y1="${y0}" x2="${px(x.scale.map(c.xReference))}" y2="${y1}" stroke="#888"/>`);
  const jitter = c.yCategories !== undefined;
  c.points.forEach((p, i) => {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y) || (x.scale.log && p.x <= 0) || (y.scale.log && p.y <= 0)) return;
    const dy = jitter ? (((i * 7919) % 13) - 6) * 1.2 : 0;
    out.push(`<circle class="mark" cx="${px(x.scale.map(p.x))}" cy="${px(y.scale.map(p.y) + dy)}" r="3" fill="${colourOf(p.c)}" fill-opacity="0.85">${tip(`${p.label ?? ''}${p.label === undefined ? '' : ': '}${fmt(p.x)}, ${fmt(p.y)}${p.c === undefined ? '' : ` (${c.colourLabel ?? 'colour'} ${fmt(p.c)})`}`)}</circle>`);
  });
  if (coloured) out.push(colourBarSvg({ lo, hi, title: c.colourLabel ?? 'colour', ...(c.divergingColour === true ? { diverging: true } : {}) }, W - COLOUR_BAR_WIDTH, y0, y1 - y0));
  out.push('</svg>');
  return out.join('');
}
