import type { Distribution } from '../distributions/index.js';
import { fromUnit, toExternal, toInternal, toUnit } from '../distributions/index.js';
import { RandomForestRegressor } from '../importance/index.js';
import type { FrozenTrial, StudyDirection } from '../trial/index.js';
import { colorRamp, escapeXml, fmt, linearScale, svg, text } from './svg.js';

/** Options of {@link contourSvg}. */
export interface ContourOptions {
  readonly objectiveIndex?: number;
  /** Cells per axis of the estimated surface (default 24). */
  readonly resolution?: number;
  readonly seed?: number;
}

/**
 * A contour plot of the objective over two parameters as SVG: a random forest fitted to the
 * COMPLETE trials (in the parameters' unit coordinates, so log parameters get log axes) is drawn
 * as a coloured grid (yellow = best), with the trials on top as dots.
 * @example `contourSvg(trials, 'lr', 'width', 'minimize')`
 */
export function contourSvg(trials: readonly FrozenTrial[], xName: string, yName: string, direction: StudyDirection, options: ContourOptions = {}): string {
  const k = options.objectiveIndex ?? 0;
  const title = `Contour: ${xName} × ${yName}`;
  const rows = trials.filter((t) => t.state === 'COMPLETE' && Number.isFinite(t.values?.[k]) && t.params[xName] !== undefined && t.params[yName] !== undefined);
  const size = 360;
  const pad = 56;
  if (rows.length < 2) return svg(size + pad, 60, title, text(10, 30, `Fewer than 2 COMPLETE trials have both ${xName} and ${yName}.`));
  const dx = rows[0]!.distributions[xName]!;
  const dy = rows[0]!.distributions[yName]!;
  const unit = (d: Distribution, t: FrozenTrial, n: string): number => toUnit(d, toInternal(d, t.params[n]!) ?? 0);
  const pts = rows.map((t) => [unit(dx, t, xName), unit(dy, t, yName)]);
  const values = rows.map((t) => t.values![k]!);
  const forest = new RandomForestRegressor({ seed: options.seed ?? 0, nTrees: 32, minSamplesLeaf: 1 }).fit(pts, values);
  const r = options.resolution ?? 24;
  const centers = Array.from({ length: r * r }, (_, i) => [((i % r) + 0.5) / r, (Math.floor(i / r) + 0.5) / r]);
  const surface = forest.predict(centers);
  const lo = Math.min(...values, ...surface);
  const hi = Math.max(...values, ...surface);
  const good = (v: number): number => (hi > lo ? (direction === 'minimize' ? (hi - v) / (hi - lo) : (v - lo) / (hi - lo)) : 1);
  const sx = linearScale(0, 1, pad, pad + size);
  const sy = linearScale(0, 1, size + 10, 10);
  const cell = size / r;
  const cells = centers.map(([u, v], i) => `<rect x="${(sx(u!) - cell / 2).toFixed(1)}" y="${(sy(v!) - cell / 2).toFixed(1)}" width="${(cell + 0.5).toFixed(1)}" height="${(cell + 0.5).toFixed(1)}" fill="${colorRamp(good(surface[i]!))}"/>`).join('');
  const dots = rows.map((t, i) => `<circle cx="${sx(pts[i]![0]!).toFixed(1)}" cy="${sy(pts[i]![1]!).toFixed(1)}" r="3" fill="none" stroke="#000"><title>trial ${t.number}: ${escapeXml(fmt(values[i]!))}</title></circle>`).join('');
  const label = (d: Distribution, u: number): string => {
    const v = toExternal(d, fromUnit(d, u));
    return typeof v === 'number' ? fmt(v) : String(v);
  };
  const axes = [
    text(pad, size + 28, label(dx, 0), 'font-size="10"'),
    text(pad + size, size + 28, label(dx, 1), 'font-size="10" text-anchor="end"'),
    text(pad + size / 2, size + 44, xName, 'font-size="12" text-anchor="middle"'),
    text(pad - 4, size + 10, label(dy, 0), 'font-size="10" text-anchor="end"'),
    text(pad - 4, 20, label(dy, 1), 'font-size="10" text-anchor="end"'),
    `<text x="14" y="${(10 + size / 2).toFixed(1)}" font-size="12" text-anchor="middle" transform="rotate(-90 14 ${(10 + size / 2).toFixed(1)})">${escapeXml(yName)}</text>`,
  ].join('');
  return svg(size + pad + 10, size + 52, title, cells + dots + axes);
}
