import { KeelError, type CodeOf } from '../core/index.js';

/**
 * A failure inside hyperparameter tuning that is not the caller's fault in the argument sense:
 * a trial that is already finished, a study without completed trials, a sampler contract breach.
 *
 * @example
 * ```ts
 * try { await study.bestTrial(); } catch (e) { if (isKeelError(e, 'NO_COMPLETED_TRIALS')) ... }
 * ```
 */
export class TuneError<C extends CodeOf<'TuneError'> = CodeOf<'TuneError'>> extends KeelError<C> {}

/**
 * A failure of a storage backend: unreachable database, lock contention that did not clear,
 * a schema that does not belong to Keel.
 *
 * @example
 * ```ts
 * await openStorage('postgres://127.0.0.1:1/x').catch((e) => e.code); // 'STORAGE_UNREACHABLE'
 * ```
 */
export class StorageError<C extends CodeOf<'StorageError'> = CodeOf<'StorageError'>> extends KeelError<C> {}

/**
 * Throw from an objective to end the trial as PRUNED (after `trial.shouldPrune()` returned true).
 * Not a failure: the study records the trial's last intermediate value and goes on.
 *
 * @example
 * ```ts
 * if (trial.shouldPrune()) throw new TrialPruned();
 * ```
 */
export class TrialPruned extends TuneError<'TRIAL_PRUNED'> {
  constructor(message = 'Trial was pruned.') {
    super('TRIAL_PRUNED', message, {});
  }
}
