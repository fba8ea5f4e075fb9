import { axesSvg, bandScale, inner, leftMargin, markerSvg, type AxisSpec, type Frame } from './axes.js';
import type { StripChart } from './figure-types.js';
import { legendHeight, legendSvg } from './legend.js';
import { categorical } from './palette.js';
import { fmt, scaleFor } from './scale.js';
import { px, svgOpen, tip } from './svg.js';

const W = 560;
/** Dots drawn at most; beyond it unflagged values are thinned evenly (flagged ones are all kept). */
const MAX_DOTS = 2000;

/**
 * A strip plot as inline SVG: each value a dot on the x axis, jittered vertically so ties stay
 * visible; flagged values (outliers) in the second colour on top, with reference lines such as
 * the fences and a legend above the plot.
 * @example `stripSvg({ kind: 'strip', id: 's', title: 'age', alt: '…', xLabel: 'age', values: [20, 30, 95], flagged: [false, false, true], labels: ['within fences', 'outlier'] })`
 */
export function stripSvg(c: StripChart): string {
  const legend = c.labels.map((label, i) => ({ label, colour: categorical(i), mark: 'dot' as const }));
  const y: (r: readonly [number, number]) => AxisSpec = (r) => ({ scale: bandScale(1, r), title: 'rows (jittered)', categories: [''] });
  const left = leftMargin(y([0, 1]));
  const legendH = legendHeight(legend, W - left - 16, true);
  const f: Frame = { W, H: 150 + legendH, left, right: 16, top: 14 + legendH, bottom: 44 };
  const { x0, x1, y0, y1 } = inner(f);
  const finite = c.values.filter(Number.isFinite);
  const xs = scaleFor([...finite, ...(c.markers ?? []).map((m) => m.x)], [x0, x1]);
  const out = [svgOpen(c.id, W, f.H, c.title, c.alt, 'categories'), axesSvg(f, { scale: xs, title: c.xLabel }, y([y1, y0]), false)];
  const plain = c.values.map((_, i) => i).filter((i) => c.flagged[i] !== true);
  const step = Math.max(1, Math.ceil(plain.length / MAX_DOTS));
  const shown = [...plain.filter((_, k) => k % step === 0), ...c.values.map((_, i) => i).filter((i) => c.flagged[i] === true)];
  const band = (y1 - y0) * 0.8;
  for (const i of shown) {
    const v = c.values[i]!;
    if (!Number.isFinite(v)) continue;
    const flag = c.flagged[i] === true;
    // A fixed pseudo-random jitter per index: the same data give the same picture.
    const dy = ((((i * 2654435761) >>> 0) % 1000) / 1000 - 0.5) * band;
    out.push(`<circle class="mark" cx="${px(xs.map(v))}" cy="${px((y0 + y1) / 2 + dy)}" r="${flag ? 3 : 2}" fill="${categorical(flag ? 1 : 0)}" fill-opacity="${flag ? 0.95 : 0.45}">${tip(`${c.labels[flag ? 1 : 0]}: ${fmt(v)}`)}</circle>`);
  }
  for (const m of c.markers ?? []) out.push(markerSvg(m, xs, f));
  out.push(legendSvg(legend, left, 6, W - left - 16, true), '</svg>');
  return out.join('');
}
