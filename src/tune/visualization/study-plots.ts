import type { BarChart, LineChart, TimelineChart } from '../../figure/index.js';
import type { FrozenTrial, StudyDirection } from '../trial/index.js';
import { paretoFront } from '../trial/index.js';
import { completeTrials } from './param-axis.js';

/**
 * Parameter importances as a bar chart (largest first).
 * @example `importanceFigure({ lr: 0.8, width: 0.2 }, 'fANOVA importance', 'study-fanova')`
 */
export function importanceFigure(importances: Readonly<Record<string, number>>, title: string, id: string): BarChart | undefined {
  const entries = Object.entries(importances).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return undefined;
  return {
    kind: 'bar',
    id,
    title,
    alt: `${title} of ${entries.length} parameters; most important: ${entries[0]![0]} (${entries[0]![1].toFixed(3)}).`,
    valueLabel: 'share of objective variance',
    categoryLabel: 'parameter',
    bars: entries.map(([label, value]) => ({ label, value })),
  };
}

/**
 * Empirical distribution function of the COMPLETE trials' objective: the share of trials at or
 * below each value (a step line).
 * @example `edfFigure(trials)?.series[0]?.points.at(-1) // [max, 1]`
 */
export function edfFigure(trials: readonly FrozenTrial[], objectiveIndex = 0, id = 'study-edf'): LineChart | undefined {
  const v = completeTrials(trials, objectiveIndex).map((t) => t.values![objectiveIndex]!).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  return {
    kind: 'line',
    id,
    title: 'Empirical distribution of the objective',
    alt: `Share of the ${v.length} complete trials whose objective is at most each value; median ${v[Math.floor((v.length - 1) / 2)]}.`,
    xLabel: 'objective',
    yLabel: 'share of trials ≤ value',
    step: true,
    yDomain: [0, 1],
    series: [{ name: 'EDF', points: v.map((x, i) => [x, (i + 1) / v.length] as const) }],
  };
}

/**
 * Timeline of the trials: one bar per trial from its start to its end (seconds since the first
 * start), coloured by state; running trials end now.
 * @example `timelineFigure(trials)?.spans.length`
 */
export function timelineFigure(trials: readonly FrozenTrial[], id = 'study-timeline', now = Date.now()): TimelineChart | undefined {
  const started = trials.filter((t) => t.startedAt !== null).sort((a, b) => a.number - b.number);
  if (started.length === 0) return undefined;
  const t0 = Math.min(...started.map((t) => t.startedAt!));
  const spans = started.map((t) => ({ label: `#${t.number}`, start: (t.startedAt! - t0) / 1000, end: ((t.completedAt ?? t.heartbeatAt ?? now) - t0) / 1000, state: t.state }));
  const total = spans.reduce((s, x) => s + (x.end - x.start), 0);
  return {
    kind: 'timeline',
    id,
    title: 'Timeline of trials',
    alt: `When each of ${spans.length} trials ran and how it ended; ${total.toFixed(1)} trial-seconds in all, ${Math.max(...spans.map((s) => s.end)).toFixed(1)} s wall-clock.`,
    xLabel: 'seconds since the first trial started',
    spans,
  };
}

/**
 * Pareto front of a multi-objective study by two objectives: the non-dominated trials joined by a
 * line, the dominated ones and those violating constraints as separate series.
 * @example `paretoFigure(trials, ['minimize', 'minimize'])?.series[0]?.points.length`
 */
export function paretoFigure(trials: readonly FrozenTrial[], directions: readonly StudyDirection[], objectives: readonly [number, number] = [0, 1], id = 'study-pareto'): LineChart | undefined {
  const [i, j] = objectives;
  const complete = trials.filter((t) => t.state === 'COMPLETE' && t.values?.length === directions.length && Number.isFinite(t.values[i]) && Number.isFinite(t.values[j]));
  if (complete.length === 0) return undefined;
  const front = new Set(paretoFront(complete, directions));
  const infeasible = (t: FrozenTrial): boolean => Array.isArray(t.systemAttrs['constraints']) && (t.systemAttrs['constraints'] as readonly unknown[]).some((c) => typeof c === 'number' && c > 0);
  const xy = (t: FrozenTrial): readonly [number, number] => [t.values![i]!, t.values![j]!];
  const onFront = [...front].sort((a, b) => a.values![i]! - b.values![i]!);
  const rest = complete.filter((t) => !front.has(t));
  return {
    kind: 'line',
    id,
    title: 'Pareto front',
    alt: `${front.size} of ${complete.length} trials on the front by objective ${i} (${directions[i]}) and objective ${j} (${directions[j]}).`,
    xLabel: `objective ${i} (${directions[i]})`,
    yLabel: `objective ${j} (${directions[j]})`,
    series: [
      { name: `Pareto front, ${front.size} of ${complete.length}`, points: onFront.map(xy) },
      { name: 'dominated', points: rest.filter((t) => !infeasible(t)).map(xy), markersOnly: true },
      ...(rest.some(infeasible) ? [{ name: 'violates constraints', points: rest.filter(infeasible).map(xy), markersOnly: true }] : []),
    ],
  };
}
