import { PNG } from 'pngjs';
import type { FeatureImportance } from './permutation-importance.js';
import { rowsOf, rowSize, type F32 } from './rows.js';

/**
 * A PNG of one row's attribution map (summed over channels) overlaid on the image in grey:
 * red for positive, blue for negative evidence, alpha by magnitude; `scale` enlarges pixels.
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
      const color = att[q]! >= 0 ? [255, 0, 0] : [0, 90, 255];
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

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * An SVG bar chart of mean |attribution| per tabular feature, largest first.
 * @example `writeFileSync('bars.svg', barChartSvg(attributions, columnNames))`
 */
export function barChartSvg(a: F32, names?: readonly string[]): string {
  const { meanAbs } = summarize('', a);
  const order = meanAbs.map((m, i) => [m, i] as const).sort((p, q) => q[0] - p[0]);
  const peak = Math.max(1e-12, order[0]?.[0] ?? 0);
  const rowH = 22;
  const bars = order.map(([m, i], k) => `<text x="195" y="${k * rowH + 15}" text-anchor="end">${esc(names?.[i] ?? `feature ${i}`)}</text><rect x="200" y="${k * rowH + 4}" width="${((m / peak) * 380).toFixed(1)}" height="14" fill="#d33"/><text x="${(205 + (m / peak) * 380).toFixed(1)}" y="${k * rowH + 15}">${m.toPrecision(3)}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="660" height="${order.length * rowH + 10}" font-family="sans-serif" font-size="12">${bars.join('')}</svg>`;
}

/**
 * A beeswarm-style SVG: one dot per row and feature at its attribution, coloured by the
 * feature's value (blue low → red high), features ordered by mean |attribution|.
 * @example `writeFileSync('swarm.svg', beeswarmSvg(attributions, x, columnNames))`
 */
export function beeswarmSvg(a: F32, x: F32, names?: readonly string[]): string {
  const n = rowsOf(a);
  const r = rowSize(a);
  const { meanAbs } = summarize('', a);
  const order = meanAbs.map((m, i) => [m, i] as const).sort((p, q) => q[0] - p[0]).map(([, i]) => i);
  const peak = Math.max(1e-12, ...a.data.map(Math.abs));
  const rowH = 26;
  const parts: string[] = [`<line x1="420" y1="0" x2="420" y2="${r * rowH}" stroke="#999"/>`];
  order.forEach((f, k) => {
    parts.push(`<text x="195" y="${k * rowH + 17}" text-anchor="end">${esc(names?.[f] ?? `feature ${f}`)}</text>`);
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) [lo, hi] = [Math.min(lo, x.data[i * r + f]!), Math.max(hi, x.data[i * r + f]!)];
    for (let i = 0; i < n; i++) {
      const t = hi > lo ? (x.data[i * r + f]! - lo) / (hi - lo) : 0.5;
      const cx = 420 + (a.data[i * r + f]! / peak) * 210;
      const cy = k * rowH + 13 + ((i * 7919) % 11) - 5;
      parts.push(`<circle cx="${cx.toFixed(1)}" cy="${cy}" r="3" fill="rgb(${Math.round(255 * t)},60,${Math.round(255 * (1 - t))})" fill-opacity="0.8"/>`);
    }
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="660" height="${r * rowH + 10}" font-family="sans-serif" font-size="12">${parts.join('')}</svg>`;
}
