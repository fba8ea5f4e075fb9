import type { FrozenTrial, StudyDirection } from '../trial/index.js';

/** One point of the optimisation history. */
export interface HistoryPoint {
  readonly number: number;
  readonly value: number;
  /** Best value among COMPLETE trials up to and including this one. */
  readonly bestValue: number;
}

/**
 * The value and running best of each COMPLETE trial, in trial-number order: the data of an
 * optimisation-history plot.
 *
 * @example
 * ```ts
 * optimizationHistory(await study.getTrials(), 'minimize').at(-1)?.bestValue;
 * ```
 */
export function optimizationHistory(trials: readonly FrozenTrial[], direction: StudyDirection, objectiveIndex = 0): HistoryPoint[] {
  const out: HistoryPoint[] = [];
  let best: number | undefined;
  for (const t of [...trials].sort((a, b) => a.number - b.number)) {
    const v = t.state === 'COMPLETE' ? t.values?.[objectiveIndex] : undefined;
    if (v === undefined) continue;
    if (best === undefined || (direction === 'minimize' ? v < best : v > best)) best = v;
    out.push({ number: t.number, value: v, bestValue: best });
  }
  return out;
}
