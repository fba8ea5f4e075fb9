import type { Distribution } from '../distributions/index.js';
import { RandomSampler, type RandomSamplerOptions } from './random-sampler.js';
import type { RelativeSample, Sampler, SamplingContext } from './sampler.js';

/**
 * What the samplers that propose parameters jointly share (CMA-ES, NSGA-II): their options, one
 * seed, and a {@link RandomSampler} of that seed for every parameter `sampleRelative` leaves out
 * (categorical, conditional, mutated or not yet in the history). A subclass writes only
 * `sampleRelative`.
 */
export abstract class RelativeSampler<O extends RandomSamplerOptions> implements Sampler {
  abstract readonly name: string;
  readonly seed: number;
  protected readonly options: O;
  private readonly fallback: RandomSampler;

  protected constructor(options: O) {
    this.options = options;
    this.fallback = new RandomSampler(options);
    this.seed = this.fallback.seed;
  }

  abstract sampleRelative(context: SamplingContext): RelativeSample | undefined;

  /** A parameter `sampleRelative` left out: drawn at random (seed, trial number, name). */
  sampleIndependent(context: SamplingContext, name: string, distribution: Distribution): number {
    return this.fallback.sampleIndependent(context, name, distribution);
  }
}
