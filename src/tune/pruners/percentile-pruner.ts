import { UsageError } from '../../core/index.js';
import type { FrozenTrial, StudySnapshot } from '../trial/index.js';
import { lastIntermediate } from '../trial/index.js';
import type { Pruner } from './pruner.js';

/** Options of {@link PercentilePruner} and `MedianPruner`. */
export interface PercentilePrunerOptions {
  /** Completed trials needed before any pruning (default 5). */
  readonly nStartupTrials?: number;
  /** Steps of each trial never pruned (default 0). */
  readonly nWarmupSteps?: number;
  /** Check only every `intervalSteps` steps after the warm-up (default 1). */
  readonly intervalSteps?: number;
  /** Completed trials that must have reported the step (default 1). */
  readonly nMinTrials?: number;
}

/**
 * Prunes a trial whose best intermediate value so far is worse than the given percentile of
 * the completed trials' values at the same step.
 *
 * @example
 * ```ts
 * const pruner = new PercentilePruner(25, { nStartupTrials: 5, nWarmupSteps: 3 });
 * ```
 */
export class PercentilePruner implements Pruner {
  readonly name: string = 'percentile';
  readonly percentile: number;
  private readonly options: PercentilePrunerOptions;

  constructor(percentile: number, options: PercentilePrunerOptions = {}) {
    if (!(percentile >= 0 && percentile <= 100)) {
      throw new UsageError('INVALID_OPTION', `PercentilePruner: percentile must be in [0, 100], got ${percentile}.`, { percentile });
    }
    for (const [key, min] of [['nStartupTrials', 0], ['nWarmupSteps', 0], ['intervalSteps', 1], ['nMinTrials', 1]] as const) {
      const v = options[key];
      if (v !== undefined && !(Number.isInteger(v) && v >= min)) {
        throw new UsageError('INVALID_OPTION', `PercentilePruner: ${key} must be an integer ≥ ${min}, got ${v}.`, { [key]: v });
      }
    }
    this.percentile = percentile;
    this.options = options;
  }

  prune(study: StudySnapshot, trial: FrozenTrial): boolean {
    const { nStartupTrials = 5, nWarmupSteps = 0, intervalSteps = 1, nMinTrials = 1 } = this.options;
    const last = lastIntermediate(trial);
    if (last === undefined) return false;
    const complete = study.trials.filter((t) => t.state === 'COMPLETE');
    if (complete.length < nStartupTrials) return false;
    const step = last[0];
    if (step < nWarmupSteps) return false;
    const steps = trial.intermediateValues;
    const previous = steps.length > 1 ? steps[steps.length - 2]![0] : -1;
    const checkpoint = Math.floor((step - nWarmupSteps) / intervalSteps) * intervalSteps + nWarmupSteps;
    if (previous >= checkpoint) return false;
    const maximize = study.directions[0] === 'maximize';
    const finite = steps.map(([, v]) => v).filter((v) => !Number.isNaN(v));
    if (finite.length === 0) return true;
    const best = maximize ? Math.max(...finite) : Math.min(...finite);
    const others: number[] = [];
    for (const t of complete) {
      const hit = t.intermediateValues.find(([s]) => s === step);
      if (hit !== undefined && !Number.isNaN(hit[1])) others.push(hit[1]);
    }
    if (others.length < nMinTrials) return false;
    const p = percentileOf(others, maximize ? 100 - this.percentile : this.percentile);
    return maximize ? best < p : best > p;
  }
}

/**
 * Linear-interpolation percentile (NumPy's default).
 * @example `percentileOf([1, 2, 3, 4], 50) // 2.5`
 */
export function percentileOf(values: readonly number[], q: number): number {
  const s = values.slice().sort((a, b) => a - b);
  const pos = ((s.length - 1) * q) / 100;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}
