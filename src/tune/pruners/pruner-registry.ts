import { UsageError } from '../../core/index.js';
import { HyperbandPruner } from './hyperband-pruner.js';
import { MedianPruner } from './median-pruner.js';
import { NopPruner } from './nop-pruner.js';
import type { Pruner } from './pruner.js';
import { SuccessiveHalvingPruner } from './successive-halving-pruner.js';

/** What a pruner factory may use. */
export interface PrunerFactoryOptions {
  /** Steps of a full run (the last reported step + 1 at most); Hyperband needs it. */
  readonly maxResource?: number;
  /** Steps of the first rung for ASHA/Hyperband (default 1). */
  readonly minResource?: number;
  /** η of ASHA/Hyperband (default 3). */
  readonly reductionFactor?: number;
}

/** Pruner names accepted by configs and the CLI (`--pruner`). */
export type PrunerName = 'none' | 'median' | 'asha' | 'hyperband';

/** Pruner factories by name. */
export const PRUNERS: Readonly<Record<PrunerName, (options: PrunerFactoryOptions) => Pruner>> = Object.freeze({
  none: () => new NopPruner(),
  median: () => new MedianPruner({ nStartupTrials: 5, nWarmupSteps: 1 }),
  asha: (o) => new SuccessiveHalvingPruner({ minResource: o.minResource ?? 1, reductionFactor: o.reductionFactor ?? 3, ...(o.maxResource === undefined ? {} : { maxResource: o.maxResource }) }),
  hyperband: (o) => {
    if (o.maxResource === undefined) {
      throw new UsageError('MAX_RESOURCE_MISSING', 'The hyperband pruner needs the steps of a full run, but no maxResource was given: export `maxResource = <epochs>` from the objective file.', { pruner: 'hyperband' });
    }
    return new HyperbandPruner({ minResource: o.minResource ?? 1, maxResource: o.maxResource, reductionFactor: o.reductionFactor ?? 3 });
  },
});

/** All pruner names. */
export const PRUNER_NAMES: readonly PrunerName[] = Object.freeze(Object.keys(PRUNERS) as PrunerName[]);

/**
 * A pruner by name; throws `UNKNOWN_PRUNER` listing the valid names.
 * @example `createPruner('hyperband', { maxResource: 27 })`
 */
export function createPruner(name: string, options: PrunerFactoryOptions = {}): Pruner {
  if (!(PRUNER_NAMES as readonly string[]).includes(name)) {
    throw new UsageError('UNKNOWN_PRUNER', `Unknown pruner "${name}"; use one of ${PRUNER_NAMES.join(', ')}.`, { name });
  }
  return PRUNERS[name as PrunerName](options);
}
