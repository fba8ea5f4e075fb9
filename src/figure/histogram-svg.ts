import { axesSvg, inner, leftMargin, type Frame } from './axes.js';
import type { HistogramChart } from './figure-types.js';
import { legendHeight, legendSvg } from './legend.js';
import { categorical, dash } from './palette.js';
import { fmt, scaleFor } from './scale.js';
import { px, svgOpen, tip } from './svg.js';

const W = 560;
const PLOT_H = 260;

/**
 * Overlaid histograms as inline SVG: every series on the same bins, drawn as translucent bars
 * with a coloured (and, beyond the first, dashed) outline so overlaps stay readable; the legend
 * sits in a band above the plot.
 * @example `histogramSvg({ kind: 'histogram', id: 'h', title: 'age', alt: '…', xLabel: 'age', yLabel: 'share of rows', edges: [0, 10, 20], series: [{ name: 'train', values: [0.4, 0.6] }] })`
 */
export function histogramSvg(c: HistogramChart): string {
  const legend = c.series.map((s, i) => ({ label: s.name, colour: categorical(i), dash: dash(i), mark: 'box' as const }));
  const heights = c.series.flatMap((s) => s.values).filter(Number.isFinite);
  const yProbe = scaleFor(heights, [0, 1], { include: [0], integer: false });
  const left = leftMargin({ scale: yProbe, title: c.yLabel });
  const legendH = legendHeight(legend, W - left - 16);
  const f: Frame = { W, H: PLOT_H + legendH, left, right: 16, top: 14 + legendH, bottom: 44 };
  const { x0, x1, y0, y1 } = inner(f);
  const edges = c.edges.filter(Number.isFinite);
  const xs = scaleFor(edges, [x0, x1], { margin: 0.02, integer: edges.every(Number.isInteger) });
  const ys = scaleFor(heights, [y1, y0], { include: [0], integer: false });
  const out = [svgOpen(c.id, W, f.H, c.title, c.alt, legend.length >= 2 ? 'series' : 'none'), axesSvg(f, { scale: xs, title: c.xLabel }, { scale: ys, title: c.yLabel })];
  const base = ys.map(0);
  c.series.forEach((s, k) => {
    const colour = categorical(k);
    let outline = '';
    s.values.forEach((v, i) => {
      const a = c.edges[i];
      const b = c.edges[i + 1];
      if (a === undefined || b === undefined || !Number.isFinite(v)) return;
      const top = ys.map(v);
      outline += `${outline === '' ? `M${px(xs.map(a))},${px(base)}` : ''}V${px(top)}H${px(xs.map(b))}`;
      if (v > 0) out.push(`<rect class="bar mark" x="${px(xs.map(a))}" y="${px(top)}" width="${px(Math.max(1, xs.map(b) - xs.map(a)))}" height="${px(base - top)}" fill="${colour}" fill-opacity="0.3">${tip(`${s.name}: ${fmt(a)} to ${fmt(b)}: ${fmt(v)}`)}</rect>`);
    });
    if (outline !== '') out.push(`<path class="series" d="${outline}V${px(base)}" fill="none" stroke="${colour}" stroke-width="2"${dash(k) === '' ? '' : ` stroke-dasharray="${dash(k)}"`}>${tip(s.name)}</path>`);
  });
  out.push(legendSvg(legend, left, 6, W - left - 16), '</svg>');
  return out.join('');
}
