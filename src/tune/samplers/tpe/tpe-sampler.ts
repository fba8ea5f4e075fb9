import type { Distribution } from '../../distributions/index.js';
import { snapToDistribution } from '../../distributions/index.js';
import { Rng, randomSeed } from '../../../core/index.js';
import type { FrozenTrial, JsonValue, StudySnapshot, TrialState } from '../../trial/index.js';
import { lastIntermediate, nonDominatedRanks } from '../../trial/index.js';
import type { ConstraintsFunction } from '../constraints.js';
import { constraintAttrs, violation } from '../constraints.js';
import { RandomSampler } from '../random-sampler.js';
import type { RelativeSample, Sampler, SamplingContext, SearchSpace } from '../sampler.js';
import { intersectionSearchSpace } from '../search-space.js';
import { ParzenEstimator } from './parzen-estimator.js';
import { ObservationCache, cachedWeights } from './observation-cache.js';
import type { ParzenAxis } from './parzen-estimator.js';

/** Options of {@link TpeSampler}. */
export interface TpeSamplerOptions {
  readonly seed?: number;
  /** Random trials before TPE takes over (default 10). */
  readonly nStartupTrials?: number;
  /** Candidates drawn from l(x) per suggestion (default 24). */
  readonly nEiCandidates?: number;
  /**
   * Model the intersection search space jointly (default true; Optuna's default is false:
   * one parameter at a time). Parameters outside the intersection are sampled one at a time.
   */
  readonly multivariate?: boolean;
  /**
   * Treat RUNNING trials of other workers as if they had the worst value so that parallel
   * workers spread out instead of proposing the same point (default false).
   */
  readonly constantLiar?: boolean;
  /**
   * Number of "good" trials given n scored trials (default {@link keelGamma}, min(ceil(0.2 n), 25);
   * Optuna's is min(ceil(0.1 n), 25), see {@link OPTUNA_TPE_DEFAULTS}).
   */
  readonly gamma?: (n: number) => number;
  readonly priorWeight?: number;
  /**
   * Most kernels in the "bad" density g(x) (default 1000). Beyond it the newest half is kept
   * and older trials are merged into evenly spaced representatives carrying their weights, so
   * the cost per suggestion stops growing with the number of trials. `Infinity` disables it.
   */
  readonly maxComponents?: number;
  /**
   * Constraint values of a finished trial, feasible when all ≤ 0 (as Optuna's
   * `constraints_func`): feasible trials rank before infeasible ones, which rank by their total
   * violation, so the good group holds infeasible trials only when too few are feasible.
   */
  readonly constraints?: ConstraintsFunction;
}

/**
 * Keel's default split: the best 20% of the scored trials (at most 25) form the "good" group.
 * Chosen with the seven-function suite of `bench/tune-quality.ts` on seeds 1000–1019 together
 * with `multivariate: true` and confirmed on the held-out seeds 2000–2019 (docs/benchmarks.md):
 * a wider good group smooths l(x) early, where Optuna's 10% keeps it on few points.
 */
export const keelGamma = gammaFraction(0.2);

/**
 * A TPE `gamma`: the best `fraction` of n scored trials, rounded up, at most `cap` (Optuna's
 * form, min(ceil(fraction · n), cap)).
 * @example `new TpeSampler({ gamma: gammaFraction(0.15) })`
 */
export function gammaFraction(fraction: number, cap = 25): (n: number) => number {
  return (n: number): number => Math.min(Math.ceil(fraction * n), cap);
}

/** Optuna 3.1's `TPESampler` defaults, to reproduce its proposals: univariate, 10% good trials. */
export const OPTUNA_TPE_DEFAULTS: Readonly<Pick<TpeSamplerOptions, 'multivariate' | 'gamma'>> = {
  multivariate: false,
  gamma: gammaFraction(0.1),
};

/** The proposal key of the joint model (parameter names key the independent ones). */
const MULTIVARIATE = '\u0000multivariate';

interface Split {
  readonly below: readonly FrozenTrial[];
  readonly above: readonly FrozenTrial[];
  readonly complete: number;
}

/**
 * Tree-structured Parzen Estimator: splits past trials into good (below) and bad (above)
 * groups, fits a Parzen density to each and proposes the candidate that maximises l(x)/g(x).
 * Handles conditional spaces (each parameter is modelled from the trials that have it),
 * multi-objective studies (the split uses non-dominated ranks) and, with `constantLiar`,
 * parallel workers. The cost per suggestion is linear in the number of trials.
 *
 * @example
 * ```ts
 * const study = await createStudy({ sampler: new TpeSampler({ seed: 1, multivariate: true, constantLiar: true }) });
 * ```
 */
export class TpeSampler implements Sampler {
  readonly name = 'tpe';
  readonly seed: number;
  private readonly options: TpeSamplerOptions;
  private readonly fallback: RandomSampler;
  private readonly splits = new WeakMap<StudySnapshot, Split>();
  private readonly observations = new ObservationCache();

  constructor(options: TpeSamplerOptions = {}) {
    this.options = options;
    this.seed = options.seed ?? randomSeed();
    this.fallback = new RandomSampler({ seed: this.seed });
  }

  sampleRelative(context: SamplingContext): RelativeSample | undefined {
    if (this.options.multivariate === false) return undefined;
    const split = this.split(context);
    if (split.complete < (this.options.nStartupTrials ?? 10)) return undefined;
    const space = intersectionSearchSpace(context.study.trials.filter((t) => t.state === 'COMPLETE'));
    const names = Object.keys(space);
    if (names.length === 0) return undefined;
    const best = this.propose(context, space, split, MULTIVARIATE);
    if (best === undefined) return undefined;
    const params: Record<string, number> = {};
    names.forEach((n, i) => (params[n] = best[i]!));
    return { searchSpace: space, params };
  }

  sampleIndependent(context: SamplingContext, name: string, distribution: Distribution): number {
    const split = this.split(context);
    if (split.complete < (this.options.nStartupTrials ?? 10)) return this.fallback.sampleIndependent(context, name, distribution);
    return this.propose(context, { [name]: distribution }, split, name)?.[0] ?? this.fallback.sampleIndependent(context, name, distribution);
  }

  afterTrial(trial: FrozenTrial, state: TrialState): Readonly<Record<string, JsonValue>> | undefined {
    return this.options.constraints === undefined ? undefined : constraintAttrs(this.options.constraints, trial, state);
  }

  /** Fits l and g over `space` and returns the best candidate (internal values), if any data. */
  private propose(context: SamplingContext, space: SearchSpace, split: Split, key: string): number[] | undefined {
    const names = Object.keys(space);
    const dists = names.map((n) => space[n]!);
    const axes = dists.map(toAxis);
    const caches = names.map((n, i) => this.observations.of(context.study.studyName, n, dists[i]!));
    const columns = (trials: readonly FrozenTrial[]): Float64Array[] => {
      const cols = names.map(() => new Float64Array(trials.length));
      const row = new Float64Array(names.length);
      let count = 0;
      for (const t of trials) {
        let complete = true;
        for (let i = 0; i < names.length && complete; i++) {
          const v = caches[i]!.get(t);
          if (v === undefined) complete = false;
          else row[i] = v;
        }
        if (!complete) continue;
        for (let i = 0; i < names.length; i++) cols[i]![count] = row[i]!;
        count++;
      }
      return cols.map((c) => c.subarray(0, count));
    };
    const below = columns(split.below);
    const above = columns(split.above);
    const nBelow = below[0]?.length ?? 0;
    if (nBelow === 0) return undefined;
    const nAbove = above[0]?.length ?? 0;
    const prior = this.options.priorWeight ?? 1;
    // Scott's rule whenever the space is modelled jointly (even one axis), neighbour gaps otherwise.
    const bandwidth = key === MULTIVARIATE ? 'scott' : 'neighbors';
    const l = new ParzenEstimator(axes, below, cachedWeights(nBelow), { priorWeight: prior, bandwidth });
    const compressed = compress(above, cachedWeights(nAbove), this.options.maxComponents ?? 1000);
    const g = new ParzenEstimator(axes, compressed.columns, compressed.weights, { priorWeight: prior, bandwidth });
    const rng = Rng.derive(this.seed, 'tpe', context.trial.number, key);
    const candidates = l.sample(rng, this.options.nEiCandidates ?? 24);
    const lp = l.logPdf(candidates);
    const gp = g.logPdf(candidates);
    let bestIndex = 0;
    let bestScore = -Infinity;
    candidates.forEach((_, i) => {
      const s = lp[i]! - gp[i]!;
      if (s > bestScore) {
        bestScore = s;
        bestIndex = i;
      }
    });
    return candidates[bestIndex]!.map((x, i) => fromAxis(dists[i]!, x));
  }

  /** Orders scored trials best-first and cuts the good group; cached per study snapshot. */
  private split(context: SamplingContext): Split {
    const cached = this.splits.get(context.study);
    if (cached !== undefined) return cached;
    const { directions, trials } = context.study;
    const sign = directions[0] === 'maximize' ? -1 : 1;
    const complete: FrozenTrial[] = [];
    const pruned: FrozenTrial[] = [];
    const running: FrozenTrial[] = [];
    const scored: FrozenTrial[] = [];
    for (const t of trials) {
      if (t.state === 'COMPLETE' && t.values !== null && t.values.length === directions.length) complete.push(t);
      else if (t.state === 'PRUNED' && directions.length === 1 && lastIntermediate(t) !== undefined) pruned.push(t);
      else if (t.state === 'RUNNING' && this.options.constantLiar === true && t.trialId !== context.trial.trialId) running.push(t);
      else continue;
      scored.push(t);
    }
    const n = complete.length + pruned.length + running.length;
    const gamma = this.options.gamma ?? keelGamma;
    const nBelow = Math.max(0, Math.min(n, Math.floor(gamma(n))));
    const constrained = this.options.constraints !== undefined;
    const feasible = constrained ? complete.filter((t) => violation(t) === 0) : complete;
    let best: FrozenTrial[];
    if (directions.length > 1) {
      const ranks = nonDominatedRanks(feasible.map((t) => t.values!), directions);
      best = feasible.map((t, i) => ({ t, r: ranks[i]! })).sort((a, b) => a.r - b.r || a.t.number - b.t.number).map((x) => x.t);
    } else {
      best = smallest(feasible, nBelow, (t) => sign * t.values![0]!);
    }
    if (constrained && best.length < nBelow) {
      best.push(...complete.filter((t) => violation(t) > 0).map((t) => ({ t, v: violation(t) })).sort((a, b) => a.v - b.v || a.t.number - b.t.number).map((x) => x.t));
    }
    if (best.length < nBelow) {
      // Pruned trials rank after complete ones: deeper first, then by their last value.
      best.push(...pruned.sort((a, b) => {
        const la = lastIntermediate(a)!;
        const lb = lastIntermediate(b)!;
        return lb[0] - la[0] || sign * (la[1] - lb[1]) || a.number - b.number;
      }), ...running);
    }
    const belowIds = new Set(best.slice(0, nBelow).map((t) => t.trialId));
    const below: FrozenTrial[] = [];
    const above: FrozenTrial[] = [];
    // Trials arrive ordered by number, so both groups keep that order without another sort.
    for (const t of scored) (belowIds.has(t.trialId) ? below : above).push(t);
    const result: Split = { below, above, complete: complete.length };
    this.splits.set(context.study, result);
    return result;
  }

}

/** The k items with the smallest keys (ties: earlier first), best first; O(n·log k) typical. */
function smallest(items: readonly FrozenTrial[], k: number, key: (t: FrozenTrial) => number): FrozenTrial[] {
  const top: { t: FrozenTrial; v: number }[] = [];
  if (k <= 0) return [];
  for (const t of items) {
    const v = key(t);
    if (top.length === k && !(v < top[k - 1]!.v)) continue;
    let i = top.length;
    while (i > 0 && top[i - 1]!.v > v) i--;
    top.splice(i, 0, { t, v });
    if (top.length > k) top.pop();
  }
  return top.map((x) => x.t);
}

/**
 * Caps the number of kernels: keeps the newest ⌈cap/2⌉ observations and replaces older ones by
 * one representative per contiguous block (in trial order), weighted by the block's total weight.
 */
function compress(columns: readonly Float64Array[], weights: readonly number[], cap: number): { columns: readonly Float64Array[]; weights: readonly number[] } {
  const n = weights.length;
  if (n <= cap) return { columns, weights };
  const keep = Math.ceil(cap / 2);
  const old = n - keep;
  const blocks = cap - keep;
  const picks: number[] = [];
  const merged: number[] = [];
  for (let b = 0; b < blocks; b++) {
    const start = Math.floor((b * old) / blocks);
    const end = Math.floor(((b + 1) * old) / blocks);
    if (end <= start) continue;
    picks.push((start + end - 1) >> 1);
    let w = 0;
    for (let i = start; i < end; i++) w += weights[i]!;
    merged.push(w);
  }
  for (let i = old; i < n; i++) {
    picks.push(i);
    merged.push(weights[i]!);
  }
  return { columns: columns.map((c) => Float64Array.from(picks, (i) => c[i]!)), weights: merged };
}

/**
 * Bounds of the transformed axis: log space for log ranges, ± step/2 for grids (integers and
 * stepped floats, whose values are then scored by the mass of their cell).
 */
function toAxis(d: Distribution): ParzenAxis {
  if (d.kind === 'categorical') return { kind: 'categorical', size: d.choices.length };
  if (d.step === null) return d.log ? { kind: 'numeric', low: Math.log(d.low), high: Math.log(d.high) } : { kind: 'numeric', low: d.low, high: d.high };
  const half = d.step / 2;
  const grid = { step: d.step, log: d.log };
  if (d.log) return { kind: 'numeric', low: Math.log(d.low - half), high: Math.log(d.high + half), grid };
  return { kind: 'numeric', low: d.low - half, high: d.high + half, grid };
}

function fromAxis(d: Distribution, x: number): number {
  if (d.kind === 'categorical') return x;
  return snapToDistribution(d, d.log ? Math.exp(x) : x);
}
