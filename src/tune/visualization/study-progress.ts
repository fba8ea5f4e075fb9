import type { LineChart, ScatterChart } from '../../figure/index.js';
import { getParamImportances } from '../importance/index.js';
import { dominates, hypervolume2d, type FrozenTrial, type StudyDirection } from '../trial/index.js';
import { axisValue, completeTrials, paramAxis } from './param-axis.js';

/** Trial counts at which a growing-prefix plot is evaluated: about `steps` evenly spaced counts from `first` to `n`. */
function checkpoints(n: number, first: number, steps: number): number[] {
  if (n < first) return [];
  const out = new Set<number>();
  for (let i = 0; i < steps; i++) out.add(Math.round(first + ((n - first) * i) / Math.max(1, steps - 1)));
  return [...out].sort((a, b) => a - b);
}

/**
 * Importance over time: permutation importances computed on the first k COMPLETE trials (in trial
 * order) for growing k, one line per parameter, so one sees when the study settled on what matters.
 * @example `importanceHistoryFigure(trials)?.series.map((s) => s.name) // ['act', 'lr', 'width']`
 */
export function importanceHistoryFigure(trials: readonly FrozenTrial[], objectiveIndex = 0, id = 'study-importance-history', steps = 8): LineChart | undefined {
  const complete = completeTrials(trials, objectiveIndex).sort((a, b) => a.number - b.number);
  const rows: { k: number; imp: Record<string, number> }[] = [];
  for (const k of checkpoints(complete.length, Math.min(complete.length, 5), steps)) {
    try {
      rows.push({ k, imp: getParamImportances(complete.slice(0, k), { objectiveIndex }) });
    } catch {
      // Fewer than 2 finite trials: no importances at this size yet.
    }
  }
  const names = [...new Set(rows.flatMap((r) => Object.keys(r.imp)))].sort();
  if (rows.length < 2 || names.length === 0) return undefined;
  const last = rows.at(-1)!;
  const top = [...names].sort((a, b) => (last.imp[b] ?? 0) - (last.imp[a] ?? 0))[0]!;
  return {
    kind: 'line',
    id,
    title: 'Importance over time',
    alt: `Permutation importance of ${names.length} parameters computed on the first k complete trials, for ${rows.length} values of k from ${rows[0]!.k} to ${last.k}; at ${last.k} trials ${top} leads (${(last.imp[top] ?? 0).toFixed(3)}).`,
    xLabel: 'complete trials used',
    yLabel: 'share of objective variance',
    yDomain: [0, 1],
    series: names.map((n) => ({ name: n, points: rows.filter((r) => r.imp[n] !== undefined).map((r) => [r.k, r.imp[n]!] as const) })),
  };
}

/**
 * Rank plot (as Optuna's `plot_rank`): the COMPLETE trials placed by two parameters (log or choice
 * axes where they apply), coloured by the rank of their objective (0 best, 1 worst).
 * @example `rankFigure(trials, 'lr', 'width', 'minimize')?.points.length`
 */
export function rankFigure(trials: readonly FrozenTrial[], xName: string, yName: string, direction: StudyDirection, objectiveIndex = 0, id = 'study-rank'): ScatterChart | undefined {
  const rows = completeTrials(trials, objectiveIndex).filter((t) => t.params[xName] !== undefined && t.params[yName] !== undefined);
  const ax = paramAxis(rows, xName);
  const ay = paramAxis(rows, yName);
  if (rows.length < 2 || ax === undefined || ay === undefined) return undefined;
  const sign = direction === 'maximize' ? -1 : 1;
  const order = rows.map((t, i) => [sign * t.values![objectiveIndex]!, i] as const).sort((a, b) => a[0] - b[0]);
  const rank = new Array<number>(rows.length);
  order.forEach(([, i], r) => (rank[i] = r / (rows.length - 1)));
  const best = rows[order[0]![1]]!;
  return {
    kind: 'scatter',
    id,
    title: `Rank: ${xName} × ${yName}`,
    alt: `${rows.length} complete trials by ${xName} and ${yName}, coloured by the rank of their objective (${direction}; 0 is the best); the best is trial ${best.number}.`,
    xLabel: xName,
    yLabel: yName,
    points: rows.map((t, i) => ({ x: axisValue(ax, t)!, y: axisValue(ay, t)!, c: rank[i]!, label: `trial ${t.number} (objective ${t.values![objectiveIndex]!})` })),
    colourLabel: 'objective rank (0 = best)',
    ...(ax.log ? { logX: true } : {}),
    ...(ay.log ? { logY: true } : {}),
    ...(ax.categories === undefined ? {} : { xCategories: ax.categories }),
    ...(ay.categories === undefined ? {} : { yCategories: ay.categories }),
  };
}

/**
 * Hypervolume history of a two-objective study: the area the Pareto front of the first k COMPLETE
 * trials dominates, for every k. The reference point is the worst value of each objective over all
 * complete trials plus a tenth of its range (Optuna asks the user for one; the figure states it).
 * @example `hypervolumeHistoryFigure(trials, ['minimize', 'maximize'])?.series[0]?.points.at(-1)`
 */
export function hypervolumeHistoryFigure(trials: readonly FrozenTrial[], directions: readonly StudyDirection[], objectives: readonly [number, number] = [0, 1], id = 'study-hypervolume'): LineChart | undefined {
  const complete = trials.filter((t) => t.state === 'COMPLETE' && t.values?.length === directions.length && objectives.every((o) => Number.isFinite(t.values![o]))).sort((a, b) => a.number - b.number);
  if (complete.length < 2) return undefined;
  // Both objectives as "smaller is better".
  const pts = complete.map((t) => objectives.map((o) => (directions[o] === 'maximize' ? -1 : 1) * t.values![o]!) as [number, number]);
  const reference = [0, 1].map((d) => {
    const v = pts.map((p) => p[d]!);
    const [lo, hi] = [Math.min(...v), Math.max(...v)];
    return hi + (hi - lo || Math.abs(hi) || 1) * 0.1;
  }) as [number, number];
  const shown = reference.map((r, d) => (directions[objectives[d]!] === 'maximize' ? -r : r));
  const two: readonly StudyDirection[] = ['minimize', 'minimize'];
  // The front grows one trial at a time: a new point joins unless one on the front is at least as good.
  let front: (readonly number[])[] = [];
  const series = complete.map((t, i) => {
    const p = pts[i]!;
    if (!front.some((f) => dominates(f, p, two) || (f[0] === p[0] && f[1] === p[1]))) front = [...front.filter((f) => !dominates(p, f, two)), p];
    return [t.number, hypervolume2d(front, reference)] as const;
  });
  return {
    kind: 'line',
    id,
    title: 'Hypervolume history',
    alt: `Hypervolume dominated by the Pareto front of objectives ${objectives[0]} and ${objectives[1]} after each of ${complete.length} complete trials, against the reference point (${shown.map((v) => +v.toPrecision(4)).join(', ')}); final ${+series.at(-1)![1].toPrecision(4)}.`,
    xLabel: 'trial number',
    yLabel: 'hypervolume',
    step: true,
    series: [{ name: `hypervolume (reference ${shown.map((v) => +v.toPrecision(3)).join(', ')})`, points: series }],
  };
}
