import type { ParallelChart } from '../../figure/index.js';
import type { FrozenTrial, StudyDirection } from '../trial/index.js';
import { axisValue, completeTrials, paramAxis, paramNames, type ParamAxis } from './param-axis.js';

/**
 * Parallel coordinates of the COMPLETE trials: one axis per parameter (log parameters on log
 * axes, choices by name) and the objective; each trial's line coloured by its objective with a
 * colour bar.
 * @example `figureSvg(parallelFigure(trials, 'minimize')!)`
 */
export function parallelFigure(trials: readonly FrozenTrial[], direction: StudyDirection, objectiveIndex = 0, id = 'study-parallel'): ParallelChart | undefined {
  const complete = completeTrials(trials, objectiveIndex);
  const axes = paramNames(complete).map((n) => paramAxis(complete, n)).filter((a): a is ParamAxis => a !== undefined);
  if (complete.length === 0 || axes.length === 0) return undefined;
  const rows = complete.filter((t) => axes.every((a) => axisValue(a, t) !== undefined));
  return {
    kind: 'parallel',
    id,
    title: 'Parallel coordinates',
    alt: `Each of ${rows.length} complete trials as a line across ${axes.length} parameters and the objective, coloured by the objective (${direction}).`,
    axes: [...axes.map((a) => a.name), 'objective'],
    logAxes: [...axes.map((a) => a.log), false],
    categories: [...axes.map((a) => a.categories ?? null), null],
    scoreLabel: 'objective',
    lines: rows.map((t) => ({ label: `trial ${t.number}`, values: [...axes.map((a) => axisValue(a, t)!), t.values![objectiveIndex]!], score: t.values![objectiveIndex]! })),
  };
}
