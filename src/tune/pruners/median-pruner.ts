import type { PercentilePrunerOptions } from './percentile-pruner.js';
import { PercentilePruner } from './percentile-pruner.js';

/**
 * Prunes a trial whose best intermediate value is worse than the median of completed trials at
 * the same step. The default pruner.
 *
 * @example
 * ```ts
 * const study = await createStudy({ pruner: new MedianPruner({ nWarmupSteps: 2 }) });
 * ```
 */
export class MedianPruner extends PercentilePruner {
  override readonly name: string = 'median';

  constructor(options: PercentilePrunerOptions = {}) {
    super(50, options);
  }
}
