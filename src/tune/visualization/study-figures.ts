import type { Figure, FigureValue } from '../../figure/index.js';
import { getParamImportances } from '../importance/index.js';
import type { FrozenTrial, StudyDirection } from '../trial/index.js';
import { contourFigure } from './contour-plot.js';
import { historyFigure, intermediateFigure } from './history-plot.js';
import { parallelFigure } from './parallel-coordinates.js';
import { completeTrials, paramNames } from './param-axis.js';
import { sliceFigures } from './slice-plot.js';
import { edfFigure, importanceFigure, paretoFigure, timelineFigure } from './study-plots.js';
import { hypervolumeHistoryFigure, importanceHistoryFigure, rankFigure } from './study-progress.js';

/** Options of {@link studySections} and {@link studyFigures}. */
export interface StudyFigureOptions {
  readonly directions: readonly StudyDirection[];
  /** Which objective the plots show (default 0). */
  readonly objectiveIndex?: number;
  /** Prefix of figure ids, to keep them unique on a page with several studies (default 'study'). */
  readonly idPrefix?: string;
  /** Current time for running trials on the timeline (default now). */
  readonly now?: number;
}

/** One heading of the study page with its figures, or the reason it has none. */
export interface StudySection {
  readonly heading: string;
  readonly figures: readonly Figure[];
  readonly note?: string;
}

const cell = (v: unknown): FigureValue => (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : v === null || v === undefined ? null : JSON.stringify(v));

function importances(trials: readonly FrozenTrial[], k: number): { permutation: Record<string, number>; fanova: Record<string, number> } {
  if (completeTrials(trials, k).length < 2) return { permutation: {}, fanova: {} };
  try {
    return { permutation: getParamImportances(trials, { objectiveIndex: k }), fanova: getParamImportances(trials, { objectiveIndex: k, method: 'fanova' }) };
  } catch {
    // Trials sharing no parameter have no importances; the section says so.
    return { permutation: {}, fanova: {} };
  }
}

/**
 * The plots of a tuning study, grouped under the study page's headings: history with best so
 * far, intermediate values (pruned vs complete), empirical distribution, Pareto front (several
 * objectives, with its hypervolume history), importances (permutation and fANOVA, and importance
 * over time), slices, parallel coordinates, a rank plot and a contour of the two most important
 * parameters, timeline with durations and states, and the trial table.
 * The one source of study plots for `keel tune --html`, the audit report and the dashboard.
 * @example `studySections(await study.getTrials(), { directions: ['minimize'] }).map((s) => s.heading)`
 */
export function studySections(trials: readonly FrozenTrial[], o: StudyFigureOptions): StudySection[] {
  const k = o.objectiveIndex ?? 0;
  const p = o.idPrefix ?? 'study';
  const direction = o.directions[k] ?? 'minimize';
  const complete = completeTrials(trials, k);
  const imp = importances(trials, k);
  const ranked = Object.keys(imp.permutation).sort((a, b) => imp.permutation[b]! - imp.permutation[a]!);
  const numeric = ranked.filter((n) => complete.find((t) => t.distributions[n] !== undefined)?.distributions[n]?.kind !== 'categorical');
  const defined = <T>(xs: readonly (T | undefined)[]): T[] => xs.filter((x): x is T => x !== undefined);
  const contour = numeric.length >= 2 ? contourFigure(trials, numeric[0]!, numeric[1]!, direction, { objectiveIndex: k, id: `${p}-contour` }) : undefined;
  const params = paramNames(trials);
  const none = 'No COMPLETE trial yet.';
  const sections: StudySection[] = [
    { heading: 'Optimization history', figures: defined([complete.length > 0 ? historyFigure(trials, direction, k, `${p}-history`) : undefined, intermediateFigure(trials, `${p}-intermediate`), edfFigure(trials, k, `${p}-edf`)]), note: none },
    ...(o.directions.length > 1 ? [{ heading: 'Pareto front', figures: defined([paretoFigure(trials, o.directions, [0, 1], `${p}-pareto`), hypervolumeHistoryFigure(trials, o.directions, [0, 1], `${p}-hypervolume`)]), note: none }] : []),
    { heading: 'Parameter importance', figures: defined([importanceFigure(imp.permutation, 'Permutation importance (random forest)', `${p}-importances`), importanceFigure(imp.fanova, 'fANOVA importance', `${p}-fanova`), importanceHistoryFigure(trials, k, `${p}-importance-history`)]), note: 'Needs at least 2 COMPLETE trials sharing parameters.' },
    { heading: 'Slice plot', figures: sliceFigures(trials, direction, k, ranked.length > 0 ? ranked : undefined, `${p}-slice`), note: none },
    { heading: 'Parallel coordinates', figures: defined([parallelFigure(trials, direction, k, `${p}-parallel`)]), note: none },
    { heading: 'Rank', figures: defined([ranked.length >= 2 ? rankFigure(trials, ranked[0]!, ranked[1]!, direction, k, `${p}-rank`) : undefined]), note: `Needs two parameters with importances (the study has ${ranked.length}).` },
    { heading: 'Contour', figures: defined([contour]), note: `Needs two numeric parameters with importances and 2 COMPLETE trials (the study has ${numeric.length} numeric of ${params.length} parameters, ${complete.length} complete trials).` },
    { heading: 'Timeline', figures: defined([timelineFigure(trials, `${p}-timeline`, o.now)]), note: 'No trial has started.' },
    {
      heading: 'Trials',
      figures: [{ kind: 'table', id: `${p}-trials`, title: 'Trials', alt: `All ${trials.length} trials with state, value, duration and parameters.`, columns: ['trial', 'state', 'value', 'seconds', ...params], rows: trials.map((t) => [t.number, t.state, t.values?.[k] ?? null, t.startedAt !== null && t.completedAt !== null ? (t.completedAt - t.startedAt) / 1000 : null, ...params.map((n) => cell(t.params[n]))]) }],
    },
  ];
  return sections.map((s) => (s.figures.length > 0 ? { heading: s.heading, figures: s.figures } : s));
}

/**
 * Every figure of {@link studySections}, in page order.
 * @example `const figs = studyFigures(trials, { directions: ['minimize'] });`
 */
export function studyFigures(trials: readonly FrozenTrial[], o: StudyFigureOptions): Figure[] {
  return studySections(trials, o).flatMap((s) => s.figures);
}
