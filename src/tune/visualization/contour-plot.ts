import type { ContourChart } from '../../figure/index.js';
import { toInternal, toUnit } from '../distributions/index.js';
import { RandomForestRegressor } from '../importance/index.js';
import type { FrozenTrial, StudyDirection } from '../trial/index.js';
import { axisValue, completeTrials, paramAxis } from './param-axis.js';

/** Options of {@link contourFigure}. */
export interface ContourOptions {
  readonly objectiveIndex?: number;
  /** Cells per axis of the estimated surface (default 24). */
  readonly resolution?: number;
  readonly seed?: number;
  readonly id?: string;
}

/**
 * A contour plot of the objective over two numeric parameters: a random forest fitted to the
 * COMPLETE trials (in the samplers' unit cube) drawn as a coloured grid over the whole search
 * range (log axes for log parameters), with the trials on top.
 * @example `figureSvg(contourFigure(trials, 'lr', 'width', 'minimize')!)`
 */
export function contourFigure(trials: readonly FrozenTrial[], xName: string, yName: string, direction: StudyDirection, options: ContourOptions = {}): ContourChart | undefined {
  const k = options.objectiveIndex ?? 0;
  const rows = completeTrials(trials, k).filter((t) => t.params[xName] !== undefined && t.params[yName] !== undefined);
  const ax = paramAxis(rows, xName);
  const ay = paramAxis(rows, yName);
  if (rows.length < 2 || ax === undefined || ay === undefined || ax.categories !== undefined || ay.categories !== undefined) return undefined;
  const unit = (t: FrozenTrial, n: string): number => toUnit(t.distributions[n]!, toInternal(t.distributions[n]!, t.params[n]!) ?? 0);
  const values = rows.map((t) => t.values![k]!);
  const forest = new RandomForestRegressor({ seed: options.seed ?? 0, nTrees: 32, minSamplesLeaf: 1 }).fit(
    rows.map((t) => [unit(t, xName), unit(t, yName)]),
    values,
  );
  const r = options.resolution ?? 24;
  const centres = Array.from({ length: r * r }, (_, i) => [((i % r) + 0.5) / r, (Math.floor(i / r) + 0.5) / r]);
  return {
    kind: 'contour',
    id: options.id ?? 'study-contour',
    title: `Contour: ${xName} × ${yName}`,
    alt: `Objective (${direction}) estimated by a random forest over ${xName} and ${yName}${ax.log || ay.log ? ' (log axes where the parameter is log-scaled)' : ''}, with the ${rows.length} complete trials as dots.`,
    xLabel: xName,
    yLabel: yName,
    xDomain: ax.domain,
    yDomain: ay.domain,
    ...(ax.log ? { logX: true } : {}),
    ...(ay.log ? { logY: true } : {}),
    resolution: r,
    surface: forest.predict(centres),
    points: rows.map((t, i) => ({ x: axisValue(ax, t)!, y: axisValue(ay, t)!, c: values[i]!, label: `trial ${t.number}` })),
    colourLabel: `objective (${direction})`,
  };
}
