import { TuneError } from '../tune-error.js';
import { toInternal, toUnit } from '../distributions/index.js';
import { Rng } from '../../core/index.js';
import { intersectionSearchSpace } from '../samplers/index.js';
import type { FrozenTrial } from '../trial/index.js';
import { fanovaShares } from './fanova.js';
import { RandomForestRegressor } from './random-forest.js';

/** Options of {@link getParamImportances}. */
export interface ParamImportanceOptions {
  /** Parameters to rate (default: those every completed trial has). */
  readonly params?: readonly string[];
  /** Which objective to explain in multi-objective studies (default 0). */
  readonly objectiveIndex?: number;
  /**
   * `permutation` (default): how much a shallow forest's fit worsens when a parameter is
   * shuffled. `fanova`: the share of a deep forest's variance that each parameter's marginal
   * explains (Optuna's default evaluator).
   */
  readonly method?: 'permutation' | 'fanova';
  /** Permutation repeats per parameter (default 5). */
  readonly repeats?: number;
  readonly seed?: number;
}

/**
 * Parameter importance from a random-forest surrogate fitted to (params on the unit scale →
 * objective) over COMPLETE trials: permutation importance (how much the fit worsens when one
 * parameter's column is shuffled) or, with `method: 'fanova'`, first-order fANOVA (the share of
 * the forest's variance explained by each parameter alone). Scores are ≥ 0, sum to 1 and are
 * returned highest first. Needs ≥ 2 completed trials (`NOT_ENOUGH_TRIALS`).
 *
 * @example
 * ```ts
 * const importances = getParamImportances(await study.getTrials());
 * // { lr: 0.81, layers: 0.15, dropout: 0.04 }
 * ```
 */
export function getParamImportances(trials: readonly FrozenTrial[], options: ParamImportanceOptions = {}): Record<string, number> {
  const k = options.objectiveIndex ?? 0;
  const complete = trials.filter((t) => t.state === 'COMPLETE' && t.values !== null && Number.isFinite(t.values[k]));
  if (complete.length < 2) {
    throw new TuneError('NOT_ENOUGH_TRIALS', `Parameter importance needs at least 2 COMPLETE trials with finite values, got ${complete.length}.`, { count: complete.length });
  }
  const space = intersectionSearchSpace(complete);
  const names = (options.params ?? Object.keys(space)).filter((n) => space[n] !== undefined);
  if (names.length === 0) return {};
  const x = complete.map((t) => names.map((n) => toUnit(space[n]!, toInternal(space[n]!, t.params[n] ?? null) ?? 0)));
  const y = complete.map((t) => t.values![k]!);
  const seed = options.seed ?? 0;
  if (options.method === 'fanova') {
    const forest = new RandomForestRegressor({ seed, maxDepth: 64, minSamplesLeaf: 1 }).fit(x, y);
    return normalized(names, fanovaShares(forest, names.length));
  }
  const forest = new RandomForestRegressor({ seed }).fit(x, y);
  const base = mse(forest.predict(x), y);
  const rng = Rng.derive(seed, 'permutation-importance');
  const repeats = options.repeats ?? 5;
  const raw = names.map((_, j) => {
    let total = 0;
    for (let r = 0; r < repeats; r++) {
      const column = rng.shuffle(x.map((row) => row[j]!));
      const permuted = x.map((row, i) => row.map((v, c) => (c === j ? column[i]! : v)));
      total += mse(forest.predict(permuted), y) - base;
    }
    return Math.max(0, total / repeats);
  });
  return normalized(names, raw);
}

/** Scores scaled to sum to 1 (equal when all are 0), highest first. */
function normalized(names: readonly string[], raw: readonly number[]): Record<string, number> {
  const sum = raw.reduce((a, b) => a + b, 0);
  const scores = names.map((n, j) => [n, sum > 0 ? raw[j]! / sum : 1 / names.length] as const);
  return Object.fromEntries(scores.sort((a, b) => b[1] - a[1]));
}

function mse(pred: readonly number[], y: readonly number[]): number {
  return pred.reduce((a, p, i) => a + (p - y[i]!) ** 2, 0) / pred.length;
}
