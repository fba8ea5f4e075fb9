import type { LineChart } from '../../figure/index.js';
import { optimizationHistory } from '../importance/index.js';
import type { FrozenTrial, StudyDirection } from '../trial/index.js';

/**
 * Optimisation history: each COMPLETE trial's value (dots) and the best so far (line), on
 * axes fitted to the values (trial numbers as whole numbers).
 * @example `figureSvg(historyFigure(trials, 'minimize'))`
 */
export function historyFigure(trials: readonly FrozenTrial[], direction: StudyDirection, objectiveIndex = 0, id = 'study-history'): LineChart {
  const points = optimizationHistory(trials, direction, objectiveIndex).filter((p) => Number.isFinite(p.value));
  const best = points.at(-1);
  return {
    kind: 'line',
    id,
    title: 'Optimization history',
    alt: points.length === 0 ? 'No COMPLETE trial yet.' : `Objective of ${points.length} complete trials and the best so far (${direction}); best ${best!.bestValue} by trial ${points.find((p) => p.value === best!.bestValue)?.number ?? ''}.`,
    xLabel: 'trial number',
    yLabel: `objective (${direction})`,
    series: [
      { name: 'trial value', points: points.map((p) => [p.number, p.value] as const), markersOnly: true },
      { name: 'best so far', points: points.map((p) => [p.number, p.bestValue] as const) },
    ],
  };
}

/**
 * Intermediate values: every reported (step, value) curve, coloured by the trial's state, so
 * pruned trials (stopped early) stand out from complete ones. The last 40 reporting trials.
 * @example `intermediateFigure(trials)?.series.length`
 */
export function intermediateFigure(trials: readonly FrozenTrial[], id = 'study-intermediate'): LineChart | undefined {
  const reported = trials.filter((t) => t.intermediateValues.length > 0).slice(-40);
  if (reported.length === 0) return undefined;
  const pruned = reported.filter((t) => t.state === 'PRUNED').length;
  return {
    kind: 'line',
    id,
    title: 'Intermediate values (what the pruner saw)',
    alt: `The value each of ${reported.length} trials reported at each step, coloured by state; ${pruned} pruned trials stop early.`,
    xLabel: 'step',
    yLabel: 'reported value',
    series: reported.map((t) => ({ name: `trial ${t.number}`, group: t.state.toLowerCase(), points: t.intermediateValues.map(([s, v]) => [s, v] as const) })),
  };
}
