import { UsageError } from '../../core/index.js';
import type { CategoricalChoice } from '../distributions/index.js';
import { CmaEsSampler } from './cmaes/cmaes-sampler.js';
import { GridSampler } from './grid-sampler.js';
import { Nsga2Sampler } from './nsga2/nsga2-sampler.js';
import { QmcSampler } from './qmc-sampler.js';
import { RandomSampler } from './random-sampler.js';
import type { Sampler } from './sampler.js';
import { TpeSampler } from './tpe/tpe-sampler.js';

/** What a sampler factory may use; only the grid sampler needs a search space. */
export interface SamplerFactoryOptions {
  readonly seed?: number;
  /** Values per parameter for `grid`. */
  readonly gridSearchSpace?: Readonly<Record<string, readonly CategoricalChoice[]>>;
}

/** Sampler names accepted by configs and the CLI (`--sampler`). */
export type SamplerName = 'tpe' | 'random' | 'grid' | 'qmc' | 'cmaes' | 'nsga2';

/** Sampler factories by name: the one place the CLI and config files get samplers from. */
export const SAMPLERS: Readonly<Record<SamplerName, (options: SamplerFactoryOptions) => Sampler>> = Object.freeze({
  tpe: (o) => new TpeSampler(o.seed === undefined ? {} : { seed: o.seed }),
  random: (o) => new RandomSampler(o.seed === undefined ? {} : { seed: o.seed }),
  qmc: (o) => new QmcSampler(o.seed === undefined ? {} : { seed: o.seed }),
  cmaes: (o) => new CmaEsSampler(o.seed === undefined ? {} : { seed: o.seed }),
  nsga2: (o) => new Nsga2Sampler(o.seed === undefined ? {} : { seed: o.seed }),
  grid: (o) => {
    if (o.gridSearchSpace === undefined) {
      throw new UsageError('GRID_SPACE_MISSING', 'The grid sampler needs the values to try per parameter, but no gridSearchSpace was given: export `gridSearchSpace = { name: [v1, v2, ...] }` from the objective file.', { sampler: 'grid' });
    }
    return new GridSampler({ searchSpace: o.gridSearchSpace, ...(o.seed === undefined ? {} : { seed: o.seed }) });
  },
});

/** All sampler names. */
export const SAMPLER_NAMES: readonly SamplerName[] = Object.freeze(Object.keys(SAMPLERS) as SamplerName[]);

/**
 * A sampler by name; throws `UNKNOWN_SAMPLER` listing the valid names.
 * @example `createSampler('tpe', { seed: 1 })`
 */
export function createSampler(name: string, options: SamplerFactoryOptions = {}): Sampler {
  if (!(SAMPLER_NAMES as readonly string[]).includes(name)) {
    throw new UsageError('UNKNOWN_SAMPLER', `Unknown sampler "${name}"; use one of ${SAMPLER_NAMES.join(', ')}.`, { name });
  }
  return SAMPLERS[name as SamplerName](options);
}
