import { axesSvg, bandScale, inner, type Frame } from './axes.js';
import type { TimelineChart } from './figure-types.js';
import { legendHeight, legendSvg } from './legend.js';
import { categorical } from './palette.js';
import { fmt, scaleFor } from './scale.js';
import { clip, px, svgOpen, textWidth, tip } from './svg.js';

/**
 * A timeline (Gantt chart) as inline SVG: one row per span on a shared time axis, coloured by
 * state with a legend above the plot; each bar's tooltip gives its duration.
 * @example `timelineSvg({ kind: 'timeline', id: 't', title: 'Trials', alt: '…', xLabel: 'seconds since start', spans: [{ label: '#0', start: 0, end: 2.5, state: 'COMPLETE' }] })`
 */
export function timelineSvg(c: TimelineChart): string {
  const spans = c.spans.slice(-60);
  const states = [...new Set(spans.map((s) => s.state))];
  const legend = states.map((s, i) => ({ label: s, colour: categorical(i), mark: 'box' as const }));
  const W = 560;
  const labels = spans.map((s) => clip(s.label, 16));
  const left = Math.ceil(Math.max(30, ...labels.map((l) => textWidth(l, 11))) + 32);
  const legendH = legendHeight(legend, W - left - 16, true);
  const rowH = spans.length > 30 ? 8 : 14;
  const f: Frame = { W, H: 14 + legendH + Math.max(3, spans.length) * rowH + 44, left, right: 16, top: 14 + legendH, bottom: 44 };
  const { x0, x1, y0, y1 } = inner(f);
  const xs = scaleFor(spans.flatMap((s) => [s.start, s.end]), [x0, x1], { include: [0], integer: false });
  const ys = bandScale(spans.length, [y0, y1]);
  const out = [svgOpen(c.id, W, f.H, c.title, c.alt, 'categories'), axesSvg(f, { scale: xs, title: c.xLabel }, { scale: ys, title: 'trial', categories: labels })];
  spans.forEach((s, i) => {
    const a = xs.map(s.start);
    const w = Math.max(2, xs.map(s.end) - a);
    out.push(`<rect class="mark" x="${px(a)}" y="${px(ys.map(i) - rowH / 2 + 1)}" width="${px(w)}" height="${rowH - 2}" fill="${categorical(states.indexOf(s.state))}">${tip(`${s.label}: ${s.state}, ${fmt(s.end - s.start)} s (from ${fmt(s.start)} to ${fmt(s.end)})`)}</rect>`);
  });
  // Even one state gets its legend entry: colour always says what it encodes.
  out.push(legendSvg(legend, left, 6, W - left - 16, true), '</svg>');
  return out.join('');
}
