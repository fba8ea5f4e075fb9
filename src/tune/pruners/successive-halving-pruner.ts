import { UsageError } from '../../core/index.js';
import type { FrozenTrial, StudySnapshot } from '../trial/index.js';
import { lastIntermediate } from '../trial/index.js';
import type { Pruner } from './pruner.js';

/** Options of {@link SuccessiveHalvingPruner}. */
export interface SuccessiveHalvingPrunerOptions {
  /** Steps before the first rung; 'auto' = ⌈last step of the first completed trial / 100⌉ (default 'auto'). */
  readonly minResource?: number | 'auto';
  /** η: a rung keeps the best 1/η of the trials that reached it (default 4). */
  readonly reductionFactor?: number;
  /** s: the first rung is at minResource·η^s (default 0). */
  readonly minEarlyStoppingRate?: number;
  /** Trials a rung needs before it promotes anyone (default 0). */
  readonly bootstrapCount?: number;
  /** Steps of a full run; rungs at or beyond it never prune. */
  readonly maxResource?: number;
}

/** Fully resolved schedule of one successive-halving bracket. */
export interface AshaSchedule {
  readonly minResource: number;
  readonly reductionFactor: number;
  readonly minEarlyStoppingRate: number;
  readonly bootstrapCount: number;
  readonly maxResource: number | undefined;
}

/**
 * Steps at which rungs are checked: minResource·η^(s+k) for k = 0, 1, ... below maxResource
 * (or the first `limit` when there is no maxResource).
 *
 * @example `rungSteps({ minResource: 1, reductionFactor: 3, minEarlyStoppingRate: 0, bootstrapCount: 0, maxResource: 81 }) // [1, 3, 9, 27]`
 */
export function rungSteps(schedule: AshaSchedule, limit = 32): number[] {
  const out: number[] = [];
  for (let k = 0; k < limit; k++) {
    const step = schedule.minResource * schedule.reductionFactor ** (schedule.minEarlyStoppingRate + k);
    if (schedule.maxResource !== undefined && step >= schedule.maxResource) break;
    out.push(step);
  }
  return out;
}

/**
 * Asynchronous successive halving (ASHA). When a trial's reports cross a rung, it competes with
 * every trial that crossed the same rung before: it is promoted only if it is among the best
 * 1/η of them (the best one while fewer than η have arrived). Stateless: rung values are read
 * from intermediate values, so the decision is the same in every process.
 *
 * @example
 * ```ts
 * const pruner = new SuccessiveHalvingPruner({ minResource: 1, reductionFactor: 3 });
 * ```
 */
export class SuccessiveHalvingPruner implements Pruner {
  readonly name = 'successive-halving';
  private readonly options: SuccessiveHalvingPrunerOptions;

  constructor(options: SuccessiveHalvingPrunerOptions = {}) {
    validateAshaOptions('SuccessiveHalvingPruner', options);
    this.options = options;
  }

  prune(study: StudySnapshot, trial: FrozenTrial): boolean {
    const minResource = this.options.minResource ?? 'auto';
    const resolved = minResource === 'auto' ? estimateMinResource(study) : minResource;
    if (resolved === undefined) return false;
    return ashaShouldPrune(study, trial, study.trials, {
      minResource: resolved,
      reductionFactor: this.options.reductionFactor ?? 4,
      minEarlyStoppingRate: this.options.minEarlyStoppingRate ?? 0,
      bootstrapCount: this.options.bootstrapCount ?? 0,
      maxResource: this.options.maxResource,
    });
  }
}

/**
 * The ASHA decision for `trial` against `competitors` (trials of the same bracket).
 * @example `ashaShouldPrune(study, trial, study.trials, schedule)`
 */
export function ashaShouldPrune(study: StudySnapshot, trial: FrozenTrial, competitors: readonly FrozenTrial[], schedule: AshaSchedule): boolean {
  const last = lastIntermediate(trial);
  if (last === undefined) return false;
  const step = last[0];
  const steps = trial.intermediateValues;
  const previous = steps.length > 1 ? steps[steps.length - 2]![0] : -1;
  const maximize = study.directions[0] === 'maximize';
  for (const rung of rungSteps(schedule)) {
    if (rung > step) return false;
    if (rung <= previous) continue;
    const value = valueAtRung(trial, rung)!;
    if (Number.isNaN(value)) return true;
    const competing = [value];
    for (const t of competitors) {
      if (t.trialId === trial.trialId) continue;
      const v = valueAtRung(t, rung);
      if (v !== undefined && !Number.isNaN(v)) competing.push(v);
    }
    if (competing.length <= schedule.bootstrapCount) return true;
    if (!promotable(value, competing, schedule.reductionFactor, maximize)) return true;
  }
  return false;
}

/** The first intermediate value at a step ≥ rung. */
function valueAtRung(trial: FrozenTrial, rung: number): number | undefined {
  return trial.intermediateValues.find(([s]) => s >= rung)?.[1];
}

function promotable(value: number, competing: number[], eta: number, maximize: boolean): boolean {
  let index = Math.floor(competing.length / eta) - 1;
  if (index === -1) index = 0;
  competing.sort((a, b) => a - b);
  return maximize ? value >= competing[competing.length - 1 - index]! : value <= competing[index]!;
}

/** ⌈last step of the first completed trial / 100⌉, or undefined while none completed. */
export function estimateMinResource(study: StudySnapshot): number | undefined {
  for (const t of study.trials) {
    if (t.state !== 'COMPLETE') continue;
    const last = lastIntermediate(t);
    if (last !== undefined) return Math.max(1, Math.ceil(last[0] / 100));
  }
  return undefined;
}

/**
 * Shared validation for ASHA-style options.
 * @example `validateAshaOptions('HyperbandPruner', { reductionFactor: 3 })`
 */
export function validateAshaOptions(who: string, options: SuccessiveHalvingPrunerOptions): void {
  const { minResource, reductionFactor, minEarlyStoppingRate, bootstrapCount, maxResource } = options;
  if (minResource !== undefined && minResource !== 'auto' && !(Number.isInteger(minResource) && minResource >= 1)) {
    throw new UsageError('INVALID_OPTION', `${who}: minResource must be 'auto' or an integer ≥ 1, got ${String(minResource)}.`, { minResource });
  }
  if (reductionFactor !== undefined && !(Number.isInteger(reductionFactor) && reductionFactor >= 2)) {
    throw new UsageError('INVALID_OPTION', `${who}: reductionFactor must be an integer ≥ 2, got ${reductionFactor}.`, { reductionFactor });
  }
  for (const [key, v] of [['minEarlyStoppingRate', minEarlyStoppingRate], ['bootstrapCount', bootstrapCount]] as const) {
    if (v !== undefined && !(Number.isInteger(v) && v >= 0)) {
      throw new UsageError('INVALID_OPTION', `${who}: ${key} must be an integer ≥ 0, got ${v}.`, { [key]: v });
    }
  }
  if (maxResource !== undefined && !(Number.isInteger(maxResource) && maxResource >= 1)) {
    throw new UsageError('INVALID_OPTION', `${who}: maxResource must be an integer ≥ 1, got ${maxResource}.`, { maxResource });
  }
}
