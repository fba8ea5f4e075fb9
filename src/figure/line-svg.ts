import { axesSvg, inner, leftMargin, markerSvg, type Frame } from './axes.js';
import type { LineChart, Series } from './figure-types.js';
import { legendHeight, legendSvg, type LegendItem } from './legend.js';
import { categorical, dash } from './palette.js';
import { fmt, scaleFor } from './scale.js';
import { px, svgOpen, tip } from './svg.js';

const W = 560;
const PLOT_H = 300;

/** Colour, dash and legend entries of a chart's series: by group when series carry one, else by series. */
export function seriesStyles(series: readonly Series[]): { style: { colour: string; dash: string; thin: boolean }[]; legend: LegendItem[] } {
  const groups = [...new Set(series.map((s) => s.group).filter((g): g is string => g !== undefined))];
  if (groups.length > 0) {
    const style = series.map((s) => {
      const g = Math.max(0, groups.indexOf(s.group ?? ''));
      return { colour: categorical(g), dash: dash(g), thin: true };
    });
    return { style, legend: groups.length < 2 ? [] : groups.map((g, i) => ({ label: g, colour: categorical(i), dash: dash(i), mark: 'line' as const })) };
  }
  // Faint series take the colour of the full series of the same name and add no legend entry.
  const full = series.filter((s) => s.faint !== true);
  const index = (s: Series): number => (s.faint === true ? Math.max(0, full.findIndex((f) => f.name === s.name)) : full.indexOf(s));
  const style = series.map((s) => ({ colour: categorical(index(s)), dash: s.faint === true ? '' : dash(index(s)), thin: s.faint === true }));
  return { style, legend: full.map((s, i) => ({ label: s.name, colour: categorical(i), dash: dash(i), mark: s.markersOnly === true ? ('dot' as const) : ('line' as const) })) };
}

/**
 * A line chart as inline SVG: fitted axes with a margin and nice ticks (whole numbers for
 * steps and counts, decades on log axes), the legend in a band above the plot, optional
 * y = x diagonal, step lines, vertical markers and faint raw series under smoothed ones.
 * @example `lineSvg({ kind: 'line', id: 'c', title: 'Loss', alt: 'Loss per epoch', xLabel: 'epoch', yLabel: 'loss', series: [{ name: 'loss', points: [[1, 0.5]] }] })`
 */
export function lineSvg(c: LineChart): string {
  const { style, legend } = seriesStyles(c.series);
  const pts = c.series.flatMap((s) => s.points);
  const unit = c.diagonal === true ? ([0, 1] as const) : undefined;
  const yOpts = { log: c.logY === true, ...(unit ? { domain: unit } : c.yDomain ? { domain: c.yDomain } : {}) };
  const yProbe = scaleFor(pts.map((p) => p[1]), [0, 1], yOpts);
  const left = leftMargin({ scale: yProbe, title: c.yLabel });
  const legendH = legendHeight(legend, W - left - 16);
  const f: Frame = { W, H: PLOT_H + legendH, left, right: 16, top: 14 + legendH, bottom: 44 };
  const { x0, x1, y0, y1 } = inner(f);
  const xs = scaleFor([...pts.map((p) => p[0]), ...(c.markers ?? []).map((m) => m.x)], [x0, x1], { log: c.logX === true, ...(unit ? { domain: unit } : {}) });
  const ys = scaleFor(pts.map((p) => p[1]), [y1, y0], yOpts);
  const colour = legend.length >= 2 ? 'series' : 'none';
  const out = [svgOpen(c.id, f.W, f.H, c.title, c.alt, colour), axesSvg(f, { scale: xs, title: c.xLabel }, { scale: ys, title: c.yLabel })];
  if (c.diagonal === true) out.push(`<line x1="${px(xs.map(0))}" y1="${px(ys.map(0))}" x2="${px(xs.map(1))}" y2="${px(ys.map(1))}" stroke="#888" stroke-dasharray="4 4"/>`);
  const visible = (x: number, y: number): boolean => Number.isFinite(x) && Number.isFinite(y) && (!xs.log || x > 0) && (!ys.log || y > 0);
  c.series.forEach((s, i) => {
    const st = style[i]!;
    const ok = s.points.filter(([x, y]) => visible(x, y));
    if (ok.length === 0) return;
    if (s.markersOnly !== true) {
      const d = ok.map(([x, y], k) => (k === 0 ? `M${px(xs.map(x))},${px(ys.map(y))}` : c.step === true ? `H${px(xs.map(x))}V${px(ys.map(y))}` : `L${px(xs.map(x))},${px(ys.map(y))}`)).join('');
      const opacity = s.faint === true ? ' opacity="0.3"' : st.thin ? ' opacity="0.8"' : '';
      out.push(`<path class="series" d="${d}" fill="none" stroke="${st.colour}" stroke-width="${st.thin ? 1.3 : 2}"${st.dash === '' ? '' : ` stroke-dasharray="${st.dash}"`}${opacity}>${tip(s.faint === true ? `${s.name} (raw)` : s.name)}</path>`);
    }
    const name = s.faint === true ? `${s.name} (raw)` : s.name;
    const faint = s.faint === true ? ' fill-opacity="0.35"' : '';
    if (ok.length <= 60 || s.markersOnly === true) for (const [x, y] of ok) out.push(`<circle class="mark" cx="${px(xs.map(x))}" cy="${px(ys.map(y))}" r="${st.thin ? 2 : 3}" fill="${st.colour}"${faint}>${tip(`${name}: ${fmt(x)}, ${fmt(y)}`)}</circle>`);
  });
  for (const m of c.markers ?? []) out.push(markerSvg(m, xs, f));
  out.push(legendSvg(legend, left, 6, W - left - 16), '</svg>');
  return out.join('');
}
