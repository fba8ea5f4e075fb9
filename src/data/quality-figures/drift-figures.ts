import { fmt, ticks, type BarChart, type Figure, type HistogramChart } from '../../figure/index.js';
import type { CheckContext, CheckResult } from '../check.js';
import type { ColumnProfile } from '../column-accumulator.js';
import { pixelPlane, type PixelShape } from '../pixel-shape.js';
import { pixelMap } from './pixel-figures.js';

/** Bins of the numeric overlays (nice edges covering both splits). */
const BINS = 20;
/** Categories drawn per categorical overlay (the most common in both splits together). */
const CATEGORIES = 12;

/** Nice, equal-width bin edges covering [lo, hi] (whole numbers for integer columns with a small range). */
export function binEdges(lo: number, hi: number, bins = BINS, integer = false): number[] {
  if (!(hi > lo)) return [lo - 0.5, lo + 0.5];
  if (integer && hi - lo + 1 <= bins) return Array.from({ length: hi - lo + 2 }, (_, i) => lo - 0.5 + i);
  const t = ticks(lo, hi, bins);
  const step = t.length >= 2 ? t[1]! - t[0]! : (hi - lo) / bins;
  const start = Math.floor(lo / step) * step;
  const edges: number[] = [];
  for (let v = start; v < hi + step * 1e-9 || edges.length < 2; v += step) edges.push(+v.toPrecision(12));
  if (edges[edges.length - 1]! <= hi) edges.push(+(edges[edges.length - 1]! + step).toPrecision(12));
  return edges;
}

/** Share of a sorted sample in each bin [edges[i], edges[i + 1]) (the last bin closed). */
export function histogramShares(sorted: Float64Array, edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length - 1).fill(0);
  let b = 0;
  for (const v of sorted) {
    while (b < counts.length - 1 && v >= edges[b + 1]!) b++;
    if (v >= edges[0]! && v <= edges[edges.length - 1]!) counts[b]!++;
  }
  return counts.map((c) => c / Math.max(1, sorted.length));
}

function numericOverlay(id: string, a: ColumnProfile, b: ColumnProfile, about: string): HistogramChart {
  const integer = [a.min, a.max, b.min, b.max].every(Number.isInteger) && a.counts !== undefined && b.counts !== undefined;
  const edges = binEdges(Math.min(a.min, b.min), Math.max(a.max, b.max), BINS, integer);
  return {
    kind: 'histogram',
    id,
    title: `Distribution of "${a.name}": train vs test`,
    alt: `Share of rows per bin of "${a.name}" in the training split (${a.sample.length} values) and the test split (${b.sample.length}), on the same ${edges.length - 1} bins; ${about}.`,
    xLabel: a.name,
    yLabel: 'share of rows',
    edges,
    series: [
      { name: 'train', values: histogramShares(a.sample, edges) },
      { name: 'test', values: histogramShares(b.sample, edges) },
    ],
  };
}

function categoricalOverlay(id: string, a: ColumnProfile, b: ColumnProfile, about: string): BarChart | undefined {
  if (a.counts === undefined || b.counts === undefined) return undefined;
  const share = (m: ReadonlyMap<string | number, number>, n: number): Map<string, number> => {
    const out = new Map<string, number>();
    for (const [k, v] of m) out.set(String(k), (out.get(String(k)) ?? 0) + v / Math.max(1, n));
    return out;
  };
  const sa = share(a.counts, a.present);
  const sb = share(b.counts, b.present);
  const keys = [...new Set([...sa.keys(), ...sb.keys()])].sort((x, y) => (sb.get(y) ?? 0) + (sa.get(y) ?? 0) - (sb.get(x) ?? 0) - (sa.get(x) ?? 0) || x.localeCompare(y));
  const shown = keys.slice(0, CATEGORIES);
  return {
    kind: 'bar',
    id,
    title: `Distribution of "${a.name}": train vs test${keys.length > CATEGORIES ? ` (${CATEGORIES} most common of ${keys.length} values)` : ''}`,
    alt: `Share of rows per value of "${a.name}" in the training and test splits; ${about}.`,
    valueLabel: 'share of rows',
    categoryLabel: a.name,
    bars: shown.flatMap((k) => [
      { label: k, value: sa.get(k) ?? 0, group: 'train' },
      { label: k, value: sb.get(k) ?? 0, group: 'test' },
    ]),
  };
}

/**
 * Train-vs-test distribution overlays of the drifted features (largest population stability index
 * first, an effect size comparable between numbers and categories): shared
 * bins for numbers, side-by-side shares for categories. Pixels are drawn by {@link pixelDriftFigure}.
 */
export function driftFigures(ctx: CheckContext, drift: CheckResult | undefined, max: number): Figure[] {
  const test = ctx.test;
  if (drift === undefined || test === undefined) return [];
  const items = drift.evidence.items.filter((i) => i['drifted'] === true).sort((x, y) => Number(y['psi']) - Number(x['psi'])).slice(0, max);
  const out: Figure[] = [];
  items.forEach((item, k) => {
    const a = ctx.train.columns.find((c) => c.name === item['column']);
    const b = test.columns.find((c) => c.name === item['column']);
    if (a === undefined || b === undefined) return;
    const about = `${item['test'] === 'ks' ? 'Kolmogorov–Smirnov D' : 'chi-square'} = ${fmt(Number(item['statistic']))}, adjusted p = ${fmt(Number(item['adjustedPValue']))}, PSI = ${fmt(Number(item['psi']))}`;
    const id = `data-drift-${k}`;
    const fig = a.type === 'number' && b.type === 'number' ? numericOverlay(id, a, b, about) : categoricalOverlay(id, a, b, about);
    if (fig !== undefined) out.push(fig);
  });
  return out;
}

/** Per-pixel drift statistic (KS D, train vs test) as an image-shaped heatmap with a colour bar. */
export function pixelDriftFigure(drift: CheckResult | undefined, features: readonly string[], shape: PixelShape): Figure[] {
  if (drift === undefined || drift.evidence.items.length === 0) return [];
  const stat = new Map(drift.evidence.items.map((i) => [String(i['column']), Number(i['statistic'])]));
  const drifted = drift.evidence.items.filter((i) => i['drifted'] === true).length;
  const values = pixelPlane(features.map((f) => stat.get(f) ?? Number.NaN), shape);
  const top = values.reduce((best, v, p) => (v > (values[best] ?? -Infinity) ? p : best), 0);
  const title = `Drift per pixel: Kolmogorov–Smirnov D, train vs test (${drifted} of ${features.length} pixel values drifted)`;
  const alt = `Image-shaped map (${shape.height} × ${shape.width}${shape.channels > 1 ? `, largest of ${shape.channels} channels` : ''}) of the two-sample KS statistic between training and test values of each pixel; the largest, ${fmt(values[top] ?? 0)}, is at row ${Math.floor(top / shape.width)}, column ${top % shape.width}.`;
  return [pixelMap({ id: 'data-pixel-drift', title, alt, colourLabel: 'KS statistic D' }, features.map((f) => stat.get(f) ?? Number.NaN), shape)];
}
