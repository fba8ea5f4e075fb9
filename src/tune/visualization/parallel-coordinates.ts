import type { Distribution } from '../distributions/index.js';
import { toInternal, toUnit } from '../distributions/index.js';
import type { FrozenTrial, StudyDirection } from '../trial/index.js';
import { colorRamp, escapeXml, fmt, linearScale, svg, text } from './svg.js';

/**
 * Parallel coordinates as SVG: one vertical axis per parameter (log parameters on a log axis,
 * categories spread evenly) and the objective; one line per COMPLETE trial coloured by its value
 * (yellow = best).
 * @example `parallelCoordinatesSvg(trials, 'minimize')`
 */
export function parallelCoordinatesSvg(trials: readonly FrozenTrial[], direction: StudyDirection, objectiveIndex = 0): string {
  const complete = trials.filter((t) => t.state === 'COMPLETE' && Number.isFinite(t.values?.[objectiveIndex]));
  const names = [...new Set(complete.flatMap((t) => Object.keys(t.params)))].sort();
  const w = Math.max(360, 120 * (names.length + 1));
  const h = 340;
  if (complete.length === 0) return svg(w, 60, 'Parallel coordinates', text(10, 30, 'No COMPLETE trial yet.'));
  const dists = new Map<string, Distribution>();
  for (const t of complete) for (const [n, d] of Object.entries(t.distributions)) if (!dists.has(n)) dists.set(n, d);
  const values = complete.map((t) => t.values![objectiveIndex]!);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const good = (v: number): number => (hi > lo ? (direction === 'minimize' ? (hi - v) / (hi - lo) : (v - lo) / (hi - lo)) : 1);
  const x = (i: number): number => 60 + (i * (w - 120)) / Math.max(1, names.length);
  const y = linearScale(0, 1, h - 40, 30);
  const unitOf = (t: FrozenTrial, n: string): number | undefined => {
    const d = dists.get(n);
    const v = t.params[n];
    if (d === undefined || v === undefined) return undefined;
    const internal = toInternal(d, v);
    return internal === undefined ? undefined : toUnit(d, internal);
  };
  const order = complete.map((t, i) => [t, good(values[i]!)] as const).sort((a, b) => a[1] - b[1]);
  const lines = order.map(([t, g]) => {
    const pts = names.map((n, i) => [x(i), unitOf(t, n)] as const).filter((p): p is readonly [number, number] => p[1] !== undefined);
    pts.push([x(names.length), g]);
    const d = pts.map(([px, u], i) => `${i === 0 ? 'M' : 'L'}${px.toFixed(1)},${y(u).toFixed(1)}`).join(' ');
    return `<path d="${d}" fill="none" stroke="${colorRamp(g)}" stroke-opacity="0.7"><title>trial ${t.number}: ${escapeXml(fmt(t.values![objectiveIndex]!))}</title></path>`;
  }).join('');
  const axes = [...names, 'objective'].map((n, i) => {
    const d = dists.get(n);
    const [top, bottom] = n === 'objective' ? (direction === 'minimize' ? [fmt(lo), fmt(hi)] : [fmt(hi), fmt(lo)]) : axisEnds(d);
    return `<line x1="${x(i)}" y1="30" x2="${x(i)}" y2="${h - 40}" stroke="#444"/>${text(x(i), h - 20, n, 'font-size="12" text-anchor="middle"')}${text(x(i) + 4, 26, top, 'font-size="10"')}${text(x(i) + 4, h - 32, bottom, 'font-size="10"')}`;
  }).join('');
  return svg(w, h, 'Parallel coordinates', lines + axes);
}

function axisEnds(d: Distribution | undefined): [string, string] {
  if (d === undefined) return ['', ''];
  if (d.kind === 'categorical') return [String(d.choices.at(-1)), String(d.choices[0])];
  return [fmt(d.high), fmt(d.low)];
}
