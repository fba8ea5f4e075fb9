import { axesSvg, bandScale, inner, type Frame } from './axes.js';
import type { BarChart } from './figure-types.js';
import { legendHeight, legendSvg } from './legend.js';
import { categorical, OKABE_ITO } from './palette.js';
import { fmt, scaleFor } from './scale.js';
import { clip, px, svgOpen, textWidth, tip } from './svg.js';

/**
 * A horizontal bar chart as inline SVG, with interval whiskers, a reference line and, when bars
 * carry a group, one colour per group with a legend above the plot.
 * @example `barSvg({ kind: 'bar', id: 'b', title: 'Importance', alt: '...', valueLabel: 'drop', bars: [{ label: 'age', value: 0.2 }] })`
 */
export function barSvg(c: BarChart): string {
  const bars = c.bars.slice(0, 40);
  const groups = [...new Set(bars.map((b) => b.group).filter((g): g is string => g !== undefined))];
  const legend = groups.map((g, i) => ({ label: g, colour: categorical(i), mark: 'box' as const }));
  const W = 560;
  // Grouped bars of one label name it once.
  const labels = bars.map((b, i) => (i > 0 && groups.length > 0 && bars[i - 1]!.label === b.label ? '' : clip(b.label, 24)));
  const left = Math.ceil(Math.max(40, ...labels.map((l) => textWidth(l, 11))) + 14 + (c.categoryLabel === undefined ? 0 : 18));
  const legendH = legendHeight(legend, W - left - 16);
  const rowH = groups.length > 0 ? 15 : 22;
  const barH = groups.length > 0 ? rowH - 3 : rowH - 8;
  const f: Frame = { W, H: 14 + legendH + Math.max(3, bars.length) * rowH + 44, left, right: 20, top: 14 + legendH, bottom: 44 };
  const { x0, x1, y0, y1 } = inner(f);
  const vals = bars.flatMap((b) => [b.value, b.lower ?? b.value, b.upper ?? b.value]);
  const xs = scaleFor(vals, [x0, x1], { include: [0, ...(c.reference === undefined ? [] : [c.reference])], integer: false });
  const ys = bandScale(bars.length, [y0, y1]);
  const out = [svgOpen(c.id, f.W, f.H, c.title, c.alt, groups.length > 1 ? 'categories' : 'none'), axesSvg(f, { scale: xs, title: c.valueLabel }, { scale: ys, title: c.categoryLabel ?? '', categories: labels })];
  bars.forEach((b, i) => {
    const y = ys.map(i);
    const colour = b.group === undefined ? OKABE_ITO[0] : categorical(groups.indexOf(b.group));
    if (Number.isFinite(b.value)) {
      const a = xs.map(Math.min(0, b.value));
      const w = Math.abs(xs.map(b.value) - xs.map(0));
      out.push(`<rect class="bar mark" x="${px(a)}" y="${px(y - barH / 2)}" width="${px(Math.max(1, w))}" height="${barH}" fill="${colour}">${tip(`${b.label}: ${fmt(b.value)}${b.lower === undefined || b.upper === undefined ? '' : ` (${fmt(b.lower)} to ${fmt(b.upper)})`}`)}</rect>`);
    }
    if (b.lower !== undefined && b.upper !== undefined && Number.isFinite(b.lower) && Number.isFinite(b.upper)) {
      out.push(`<path class="interval" d="M${px(xs.map(b.lower))},${px(y)}H${px(xs.map(b.upper))}M${px(xs.map(b.lower))},${px(y - 5)}v10M${px(xs.map(b.upper))},${px(y - 5)}v10" stroke="#000" stroke-width="1.5" fill="none"/>`);
    }
  });
  if (c.reference !== undefined && Number.isFinite(c.reference)) out.push(`<line x1="${px(xs.map(c.reference))}" y1="${y0}" x2="${px(xs.map(c.reference))}" y2="${y1}" stroke="#000" stroke-dasharray="4 3"/>`);
  out.push(legendSvg(legend, left, 6, W - left - 16), '</svg>');
  return out.join('');
}
