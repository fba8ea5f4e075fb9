import type { Pruner } from './pruner.js';

/**
 * Never prunes.
 * @example `createStudy({ pruner: new NopPruner() })`
 */
export class NopPruner implements Pruner {
  readonly name = 'nop';

  prune(): boolean {
    return false;
  }
}
