import type { ScatterChart } from '../../figure/index.js';
import type { FrozenTrial, StudyDirection } from '../trial/index.js';
import { axisValue, completeTrials, paramAxis, paramNames } from './param-axis.js';

/**
 * Slice plots: for each parameter (default: all), the COMPLETE trials' objective against that
 * parameter (log axis or choice names where it applies), coloured by trial number.
 * @example `sliceFigures(trials, 'minimize').map(figureSvg)`
 */
export function sliceFigures(trials: readonly FrozenTrial[], direction: StudyDirection, objectiveIndex = 0, names?: readonly string[], idPrefix = 'study-slice'): ScatterChart[] {
  const complete = completeTrials(trials, objectiveIndex);
  return (names ?? paramNames(complete)).flatMap((name, i) => {
    const axis = paramAxis(complete, name);
    if (axis === undefined) return [];
    const points = complete.flatMap((t) => {
      const x = axisValue(axis, t);
      return x === undefined ? [] : [{ x, y: t.values![objectiveIndex]!, c: t.number, label: `trial ${t.number}: ${name} = ${axis.categories?.[x] ?? x}` }];
    });
    const chart: ScatterChart = {
      kind: 'scatter',
      id: `${idPrefix}-${i}`,
      title: `Slice: ${name}`,
      alt: `Objective (${direction}) of ${points.length} complete trials against ${name}${axis.log ? ' (log axis)' : ''}, coloured by trial number.`,
      xLabel: name,
      yLabel: `objective (${direction})`,
      points,
      colourLabel: 'trial number',
      ...(axis.log ? { logX: true } : {}),
      ...(axis.categories === undefined ? {} : { xCategories: axis.categories }),
    };
    return [chart];
  });
}
