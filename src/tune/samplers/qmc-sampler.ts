import type { Distribution } from '../distributions/index.js';
import { fromUnit } from '../distributions/index.js';
import { Rng, randomSeed } from '../../core/index.js';
import type { Sampler, SamplingContext } from './sampler.js';

/** Options of {@link QmcSampler}. */
export interface QmcSamplerOptions {
  readonly seed?: number;
  /** Randomly shift the sequence (Cranley–Patterson rotation) per dimension (default true). */
  readonly scramble?: boolean;
}

const PRIMES = primes(200);

/**
 * Quasi-random (Halton) sampling: trial n takes the n-th Halton point, the k-th parameter a
 * trial suggests takes dimension k (base = k-th prime). Fills the space more evenly than random
 * sampling for the same budget; deterministic across processes because it depends only on the
 * trial number, the suggestion order and the seed.
 *
 * @example
 * ```ts
 * const study = await createStudy({ sampler: new QmcSampler({ seed: 3 }) });
 * ```
 */
export class QmcSampler implements Sampler {
  readonly name = 'qmc';
  readonly seed: number;
  private readonly scramble: boolean;

  constructor(options: QmcSamplerOptions = {}) {
    this.seed = options.seed ?? randomSeed();
    this.scramble = options.scramble ?? true;
  }

  sampleIndependent(context: SamplingContext, _name: string, distribution: Distribution): number {
    const dim = Object.keys(context.trial.params).length;
    let u = halton(context.trial.number + 1, PRIMES[dim % PRIMES.length]!);
    if (this.scramble) u = (u + Rng.derive(this.seed, 'qmc', dim).uniform()) % 1;
    return fromUnit(distribution, u);
  }
}

/**
 * The `index`-th element of the van der Corput sequence in `base` (Halton coordinate).
 * @example `halton(1, 2) // 0.5`
 */
export function halton(index: number, base: number): number {
  let f = 1;
  let r = 0;
  let i = index;
  while (i > 0) {
    f /= base;
    r += f * (i % base);
    i = Math.floor(i / base);
  }
  return r;
}

function primes(count: number): number[] {
  const out: number[] = [];
  for (let n = 2; out.length < count; n++) if (out.every((p) => n % p !== 0)) out.push(n);
  return out;
}
