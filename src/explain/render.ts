import { PNG } from 'pngjs';
import { divergingRgb, figureSvg, type BarChart, type ScatterChart } from '../figure/index.js';
import type { FeatureImportance } from './permutation-importance.js';
import { rowsOf, rowSize, type F32 } from './rows.js';

/**
 * A PNG of one row's attribution map (summed over channels) overlaid on the image in grey, in
 * the palette's diverging colours: orange for positive, blue for negative evidence, alpha by
 * magnitude; `scale` enlarges pixels.
 * @example `writeFileSync('a.png', heatmapPng(x, attributions, 0, { scale: 8 }))`
 */
export function heatmapPng(image: F32, attributions: F32, row: number, opts: { scale?: number } = {}): Uint8Array {
  const h = image.shape.length >= 3 ? (image.shape[image.shape.length - 2] ?? 1) : 1;
  const w = image.shape[image.shape.length - 1] ?? 1;
  const r = rowSize(image);
  const planes = r / (h * w);
  const s = opts.scale ?? 8;
  const img = new Float64Array(h * w);
  const att = new Float64Array(h * w);
  for (let p = 0; p < planes; p++) {
    for (let q = 0; q < h * w; q++) {
      img[q]! += image.data[row * r + p * h * w + q]! / planes;
      att[q]! += attributions.data[row * r + p * h * w + q]!;
    }
  }
  const [lo, hi] = [Math.min(...img), Math.max(...img)];
  const peak = Math.max(1e-12, ...att.map(Math.abs));
  const png = new PNG({ width: w * s, height: h * s });
  for (let y = 0; y < h * s; y++) {
    for (let x = 0; x < w * s; x++) {
      const q = Math.floor(y / s) * w + Math.floor(x / s);
      const grey = hi > lo ? ((img[q]! - lo) / (hi - lo)) * 255 : 0;
      const a = Math.min(1, Math.abs(att[q]!) / peak);
      const color = divergingRgb(att[q]! >= 0 ? 1 : -1);
      const o = (y * w * s + x) << 2;
      for (let c = 0; c < 3; c++) png.data[o + c] = Math.round((1 - a) * grey + a * color[c]!);
      png.data[o + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

/** A JSON-ready summary of attributions: per-row sums, delta, and mean |attribution| per feature. */
export interface AttributionSummary {
  readonly method: string;
  readonly shape: readonly number[];
  readonly rowSums: number[];
  readonly delta?: number[];
  readonly meanAbs: number[];
  readonly topFeatures: { feature: number; meanAbs: number }[];
  readonly importances?: readonly FeatureImportance[];
}

/**
 * Summarizes attributions for JSON reports.
 * @example `JSON.stringify(summarize('gradient', attributions))`
 */
export function summarize(method: string, a: F32, extra: { delta?: Float64Array; importances?: readonly FeatureImportance[] } = {}): AttributionSummary {
  const n = rowsOf(a);
  const r = rowSize(a);
  const meanAbs = new Array<number>(r).fill(0);
  const rowSums = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    for (let e = 0; e < r; e++) {
      meanAbs[e]! += Math.abs(a.data[i * r + e]!) / n;
      rowSums[i]! += a.data[i * r + e]!;
    }
  }
  const topFeatures = meanAbs.map((m, feature) => ({ feature, meanAbs: m })).sort((p, q) => q.meanAbs - p.meanAbs).slice(0, 20);
  return { method, shape: a.shape, rowSums, ...(extra.delta ? { delta: Array.from(extra.delta) } : {}), meanAbs, topFeatures, ...(extra.importances ? { importances: extra.importances } : {}) };
}

const featureName = (names: readonly string[] | undefined, i: number): string => names?.[i] ?? `feature ${i}`;

/**
 * Mean |attribution| per tabular feature as a bar chart figure, largest first (top 40).
 * @example `figureSvg(attributionBarFigure(attributions, columnNames))`
 */
export function attributionBarFigure(a: F32, names?: readonly string[], id = 'attribution-bars'): BarChart {
  const { meanAbs } = summarize('', a);
  const order = meanAbs.map((m, i) => [m, i] as const).sort((p, q) => q[0] - p[0]);
  return {
    kind: 'bar',
    id,
    title: 'Mean |attribution| per feature',
    alt: `Mean absolute attribution of ${meanAbs.length} features over ${rowsOf(a)} rows, largest first${order[0] ? `; largest: ${featureName(names, order[0][1])}` : ''}.`,
    valueLabel: 'mean |attribution|',
    categoryLabel: 'feature',
    bars: order.slice(0, 40).map(([m, i]) => ({ label: featureName(names, i), value: m })),
  };
}

/**
 * A beeswarm figure: one dot per row and feature at its attribution (x), features as rows
 * ordered by mean |attribution| (top 20), coloured by the feature's value with a colour bar
 * (each feature's values scaled to its own range: 0 lowest, 1 highest).
 * @example `figureSvg(beeswarmFigure(attributions, x, columnNames))`
 */
export function beeswarmFigure(a: F32, x: F32, names?: readonly string[], id = 'attribution-beeswarm'): ScatterChart {
  const n = rowsOf(a);
  const r = rowSize(a);
  const { meanAbs } = summarize('', a);
  const order = meanAbs.map((m, i) => [m, i] as const).sort((p, q) => q[0] - p[0]).slice(0, 20).map(([, i]) => i);
  const points = order.flatMap((f, k) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) [lo, hi] = [Math.min(lo, x.data[i * r + f]!), Math.max(hi, x.data[i * r + f]!)];
    return Array.from({ length: n }, (_, i) => ({ x: a.data[i * r + f]!, y: k, c: hi > lo ? (x.data[i * r + f]! - lo) / (hi - lo) : 0.5, label: `row ${i}, ${featureName(names, f)} = ${x.data[i * r + f]!}` }));
  });
  return {
    kind: 'scatter',
    id,
    title: 'Attributions per feature and row',
    alt: `Attribution of each of ${n} rows for the ${order.length} features with the largest mean |attribution|, coloured by the feature's value (low to high).`,
    xLabel: 'attribution',
    yLabel: 'feature',
    yCategories: order.map((f) => featureName(names, f)),
    points,
    colourLabel: 'feature value (low → high)',
    xReference: 0,
  };
}

/**
 * An SVG bar chart of mean |attribution| per tabular feature, largest first.
 * @example `writeFileSync('bars.svg', barChartSvg(attributions, columnNames))`
 */
export function barChartSvg(a: F32, names?: readonly string[]): string {
  return figureSvg(attributionBarFigure(a, names));
}

/**
 * A beeswarm SVG: one dot per row and feature at its attribution, coloured by the feature's
 * value, features ordered by mean |attribution|.
 * @example `writeFileSync('swarm.svg', beeswarmSvg(attributions, x, columnNames))`
 */
export function beeswarmSvg(a: F32, x: F32, names?: readonly string[]): string {
  return figureSvg(beeswarmFigure(a, x, names));
}
