import type { Distribution } from '../distributions/index.js';
import { fromUnit } from '../distributions/index.js';
import { Rng, randomSeed } from '../../core/index.js';
import type { Sampler, SamplingContext } from './sampler.js';

/** Options of {@link RandomSampler}. */
export interface RandomSamplerOptions {
  /** Same seed, same values for the same trial numbers, in any process. */
  readonly seed?: number;
}

/**
 * Independent uniform sampling on each parameter's natural scale (log for log ranges). Each
 * value is drawn from a generator derived from (seed, trial number, parameter name), so
 * parallel workers sharing a seed never duplicate each other.
 *
 * @example
 * ```ts
 * const study = await createStudy({ sampler: new RandomSampler({ seed: 0 }) });
 * ```
 */
export class RandomSampler implements Sampler {
  readonly name = 'random';
  readonly seed: number;

  constructor(options: RandomSamplerOptions = {}) {
    this.seed = options.seed ?? randomSeed();
  }

  sampleIndependent(context: SamplingContext, name: string, distribution: Distribution): number {
    const rng = Rng.derive(this.seed, 'random', context.trial.number, name);
    return fromUnit(distribution, rng.uniform());
  }
}
