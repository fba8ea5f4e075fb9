import { UsageError, hashKeys } from '../../core/index.js';
import type { FrozenTrial, StudySnapshot } from '../trial/index.js';
import type { Pruner } from './pruner.js';
import { ashaShouldPrune, rungSteps, validateAshaOptions } from './successive-halving-pruner.js';

/** Options of {@link HyperbandPruner}. */
export interface HyperbandPrunerOptions {
  /** Steps of the smallest rung (default 1). */
  readonly minResource?: number;
  /** Steps of a full run (required: the bracket count depends on it). */
  readonly maxResource: number;
  /** η (default 3). */
  readonly reductionFactor?: number;
  readonly bootstrapCount?: number;
}

/** One Hyperband bracket: a successive-halving schedule and its share of trials. */
export interface HyperbandBracket {
  /** 0 = most aggressive (first rung at minResource). */
  readonly index: number;
  /** Rungs skipped: the bracket's first rung is minResource·η^minEarlyStoppingRate. */
  readonly minEarlyStoppingRate: number;
  /** n_i = ⌈B/R · η^s / (s + 1)⌉ of Li et al.: relative share of trials. */
  readonly trialBudget: number;
  /** (resource, trials) per rung, the last at maxResource: Li et al.'s (r_i, n_i) table. */
  readonly rungs: readonly { readonly resource: number; readonly trials: number }[];
}

/**
 * Hyperband's brackets for a resource range (Li et al. 2018, Table 1 for R = 81, η = 3).
 * @example `hyperbandBrackets({ minResource: 1, maxResource: 81, reductionFactor: 3 }).length // 5`
 */
export function hyperbandBrackets(options: { readonly minResource: number; readonly maxResource: number; readonly reductionFactor: number }): HyperbandBracket[] {
  const { minResource, maxResource, reductionFactor: eta } = options;
  const count = Math.floor(Math.log(maxResource / minResource) / Math.log(eta) + 1e-9) + 1;
  const out: HyperbandBracket[] = [];
  for (let i = 0; i < count; i++) {
    const s = count - 1 - i;
    const n = Math.ceil((count * eta ** s) / (s + 1) - 1e-9);
    const rungs: { resource: number; trials: number }[] = [];
    for (let k = 0; k <= s; k++) rungs.push({ resource: Math.min(maxResource, minResource * eta ** (i + k)), trials: Math.floor(n / eta ** k + 1e-9) });
    out.push({ index: i, minEarlyStoppingRate: i, trialBudget: n, rungs });
  }
  return out;
}

/**
 * Hyperband on top of ASHA: each trial is assigned (by a stable hash of study name and trial
 * number, weighted by bracket budgets) to one bracket, and competes only with trials of that
 * bracket. Hedges between aggressive and conservative early stopping.
 *
 * @example
 * ```ts
 * const study = await createStudy({ pruner: new HyperbandPruner({ minResource: 1, maxResource: 81 }) });
 * ```
 */
export class HyperbandPruner implements Pruner {
  readonly name = 'hyperband';
  readonly brackets: readonly HyperbandBracket[];
  private readonly minResource: number;
  private readonly maxResource: number;
  private readonly reductionFactor: number;
  private readonly bootstrapCount: number;
  private readonly totalBudget: number;

  constructor(options: HyperbandPrunerOptions) {
    validateAshaOptions('HyperbandPruner', options);
    this.minResource = options.minResource ?? 1;
    this.maxResource = options.maxResource;
    if (this.maxResource < this.minResource) {
      throw new UsageError('INVALID_RANGE', `HyperbandPruner: maxResource (${this.maxResource}) must be ≥ minResource (${this.minResource}).`, { ...options });
    }
    this.reductionFactor = options.reductionFactor ?? 3;
    this.bootstrapCount = options.bootstrapCount ?? 0;
    this.brackets = hyperbandBrackets({ minResource: this.minResource, maxResource: this.maxResource, reductionFactor: this.reductionFactor });
    this.totalBudget = this.brackets.reduce((a, b) => a + b.trialBudget, 0);
  }

  /** Bracket index of a trial; stable across processes. */
  bracketOf(studyName: string, trialNumber: number): number {
    let h = hashKeys(['hyperband', studyName, trialNumber]) % this.totalBudget;
    for (const b of this.brackets) {
      if (h < b.trialBudget) return b.index;
      h -= b.trialBudget;
    }
    return this.brackets.length - 1;
  }

  /** The rung steps at which trials of bracket `index` are checked. */
  rungStepsOf(index: number): number[] {
    return rungSteps(this.schedule(index));
  }

  prune(study: StudySnapshot, trial: FrozenTrial): boolean {
    const bracket = this.bracketOf(study.studyName, trial.number);
    const peers = study.trials.filter((t) => this.bracketOf(study.studyName, t.number) === bracket);
    return ashaShouldPrune(study, trial, peers, this.schedule(bracket));
  }

  private schedule(index: number): Parameters<typeof ashaShouldPrune>[3] {
    return { minResource: this.minResource, reductionFactor: this.reductionFactor, minEarlyStoppingRate: index, bootstrapCount: this.bootstrapCount, maxResource: this.maxResource };
  }
}
