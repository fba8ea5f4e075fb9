import type { FrozenTrial, StudySnapshot } from '../trial/index.js';

/**
 * Decides whether a running trial should stop early. One method, pure: it reads the study
 * snapshot and the trial's reported intermediate values and writes nothing.
 *
 * @example
 * ```ts
 * const never: Pruner = { name: 'never', prune: () => false };
 * ```
 */
export interface Pruner {
  readonly name: string;
  /** True when `trial` (RUNNING, with its latest intermediate values) should be pruned. */
  prune(study: StudySnapshot, trial: FrozenTrial): boolean;
}
