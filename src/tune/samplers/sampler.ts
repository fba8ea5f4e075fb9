import type { Distribution } from '../distributions/index.js';
import type { FrozenTrial, JsonValue, StudySnapshot, TrialState } from '../trial/index.js';

/** Parameter names mapped to distributions: what a relative sampler samples jointly. */
export type SearchSpace = Readonly<Record<string, Distribution>>;

/** The input of every sampling call. Read-only. */
export interface SamplingContext {
  /** The study as of the start of this trial. */
  readonly study: StudySnapshot;
  /** The trial being sampled, with the parameters suggested so far. */
  readonly trial: FrozenTrial;
}

/** A joint sample drawn when a trial starts. `params` hold internal representations. */
export interface RelativeSample {
  readonly searchSpace: SearchSpace;
  readonly params: Readonly<Record<string, number>>;
  /** Bookkeeping stored on the trial (for example a CMA-ES generation or a grid point). */
  readonly systemAttrs?: Readonly<Record<string, JsonValue>>;
}

/**
 * Proposes parameter values. One required method; returns internal representations (the value
 * for numbers, the index for choices). The trial snaps whatever is returned onto the
 * distribution, but a conforming sampler already respects bounds, log scale and steps.
 *
 * Reproducibility contract: given the same seed and the same study snapshot, a sampler returns
 * the same values in any process (derive randomness from the seed and the trial number).
 *
 * @example
 * ```ts
 * const constant: Sampler = { name: 'low', sampleIndependent: (_c, _n, d) => d.kind === 'categorical' ? 0 : d.low };
 * ```
 */
export interface Sampler {
  readonly name: string;
  /** Samples one parameter on its own. */
  sampleIndependent(context: SamplingContext, name: string, distribution: Distribution): number;
  /** Optional: at trial start, samples several parameters jointly from the history. */
  sampleRelative?(context: SamplingContext): RelativeSample | undefined;
  /** Optional: true when the sampler has nothing new to propose (ends `optimize`). */
  isExhausted?(study: StudySnapshot): boolean;
  /**
   * Optional: called by `tell` as a trial finishes (`trial` already carries its final state and
   * values); the returned system attributes are stored with the result (for example constraint values).
   */
  afterTrial?(trial: FrozenTrial, state: TrialState): Readonly<Record<string, JsonValue>> | undefined;
}
