import { getParamImportances, optimizationHistory, type FrozenTrial, type StudyDirection } from '../tune/index.js';
import type { Figure, FigureValue } from './audit-types.js';

/**
 * Figures of a tuning study: optimization history, parallel coordinates, importances and the
 * trial table. Shared by the audit's tuning section and the dashboard.
 * @example `const figs = studyFigures('lr-search', await storage.getTrials(id), 'minimize');`
 */
export function studyFigures(study: string, trials: readonly FrozenTrial[], direction: StudyDirection): Figure[] {
  const complete = trials.filter((t) => t.state === 'COMPLETE' && t.values !== null);
  const history = optimizationHistory(trials, direction);
  const params = [...new Set(complete.flatMap((t) => Object.keys(t.params)))].sort();
  const numeric = params.filter((p) => complete.every((t) => typeof t.params[p] === 'number'));
  const pruned = trials.filter((t) => t.state === 'PRUNED' && t.intermediateValues.length > 0 && numeric.every((p) => typeof t.params[p] === 'number'));
  const figs: Figure[] = [
    {
      kind: 'line',
      id: 'study-history',
      title: `Optimization history of ${study}`,
      alt: `Objective value of each of ${complete.length} complete trials and the best value so far (${direction}).`,
      xLabel: 'trial',
      yLabel: 'objective',
      series: [
        { name: 'trial value', points: complete.map((t) => [t.number, t.values![0]!] as const), markersOnly: true },
        { name: 'best so far', points: history.map((h) => [h.number, h.bestValue] as const) },
      ],
    },
  ];
  const reported = trials.filter((t) => t.intermediateValues.length > 0);
  if (reported.length > 0) {
    figs.push({
      kind: 'line',
      id: 'study-intermediate',
      title: 'Intermediate values (what the pruner saw)',
      alt: `The value each of ${reported.length} trials reported at every step; pruned trials stop early.`,
      xLabel: 'step',
      yLabel: 'reported value',
      series: reported.slice(-12).map((t) => ({ name: `#${t.number} ${t.state.toLowerCase()}`, points: t.intermediateValues.map(([step, v]) => [step, v] as const) })),
    });
  }
  if (numeric.length > 0 && complete.length > 0) {
    const line = (t: FrozenTrial, v: number, dashed: boolean): { values: number[]; score: number; dashed: boolean } => ({ values: [...numeric.map((p) => t.params[p] as number), v], score: direction === 'minimize' ? -v : v, dashed });
    figs.push({
      kind: 'parallel',
      id: 'study-parallel',
      title: 'Parallel coordinates',
      alt: `Each trial as a line across ${numeric.length} numeric parameters and the objective (${complete.length} complete trials solid, ${pruned.length} pruned trials dashed at their last reported value); darker lines are better.`,
      axes: [...numeric, 'objective'],
      lines: [...pruned.map((t) => line(t, t.intermediateValues.at(-1)![1], true)), ...complete.map((t) => line(t, t.values![0]!, false))],
    });
  }
  if (complete.length >= 3 && params.length > 0) {
    const imp = getParamImportances(complete);
    figs.push({
      kind: 'bar',
      id: 'study-importances',
      title: 'Parameter importances',
      alt: `Share of objective variance explained by each of ${params.length} parameters (random-forest importance).`,
      valueLabel: 'importance',
      bars: Object.entries(imp).map(([label, value]) => ({ label, value })),
    });
  }
  const cell = (v: unknown): FigureValue => (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : v === null || v === undefined ? null : JSON.stringify(v));
  figs.push({
    kind: 'table',
    id: 'study-trials',
    title: 'Trials',
    alt: `All ${trials.length} trials with state, value and parameters.`,
    columns: ['trial', 'state', 'value', ...params],
    rows: trials.map((t) => [t.number, t.state, t.values?.[0] ?? null, ...params.map((p) => cell(t.params[p]))]),
  });
  return figs;
}

/**
 * Largest number of trials running at the same time, from their start and completion times.
 * @example `maxConcurrency(trials) // 4 when four workers overlapped`
 */
export function maxConcurrency(trials: readonly FrozenTrial[]): number {
  const events: [number, number][] = [];
  for (const t of trials) {
    if (t.startedAt === null) continue;
    events.push([t.startedAt, 1], [t.completedAt ?? Number.POSITIVE_INFINITY, -1]);
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  for (const [, d] of events) max = Math.max(max, (now += d));
  return max;
}
