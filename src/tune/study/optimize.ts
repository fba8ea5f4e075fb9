import { UsageError, isKeelError } from '../../core/index.js';
import { runObjective } from './run-objective.js';
import type { Sampler } from '../samplers/index.js';
import type { FrozenTrial, StudySnapshot, TrialState } from '../trial/index.js';
import type { Trial } from './trial.js';

/** The outcome of a trial given to `Study.tell`. */
export type TellResult = number | readonly number[] | { readonly state: 'PRUNED' } | { readonly state: 'FAIL'; readonly reason?: string; readonly code?: string };

/** What `optimize` needs of a study (a `Study` is one). */
export interface OptimizeTarget {
  readonly sampler: Sampler;
  readonly stopped: boolean;
  ask(): Promise<Trial>;
  askWaiting(): Promise<Trial | undefined>;
  /** True when the study keeps heartbeats (so trials of dead workers expire). */
  readonly keepsHeartbeats: boolean;
  failStaleTrials(): Promise<readonly FrozenTrial[]>;
  getTrials(options?: { readonly states?: readonly TrialState[] }): Promise<readonly FrozenTrial[]>;
  tell(trial: Trial, result: TellResult): Promise<FrozenTrial>;
  snapshot(): Promise<StudySnapshot>;
  stop(): void;
  resume(): void;
}

/** An objective: one number per study direction, sync or async. Throw `TrialPruned` to prune. */
export type Objective = (trial: Trial) => number | readonly number[] | Promise<number | readonly number[]>;

/** A class of errors, e.g. `Error`, `RangeError`, `KeelError`. */
export type ErrorClass = abstract new (...args: never[]) => Error;

/** Called after every finished trial. */
export type StudyCallback<S> = (study: S, trial: FrozenTrial) => void | Promise<void>;

/** Options of `optimize`. */
export interface OptimizeOptions<S = OptimizeTarget> {
  /** Stop after this many trials were started by this call. */
  readonly nTrials?: number;
  /** Start no new trial after this many seconds (Optuna's `timeout`). */
  readonly timeout?: number;
  /**
   * Error classes an objective may throw without stopping the study (Optuna's `catch`): such a
   * trial is marked FAIL with the reason and the study goes on. Any other error also marks the
   * trial FAIL, then stops `optimize` and is re-raised. `[Error]` catches everything.
   * @example `await study.optimize(objective, { nTrials: 20, catch: [RangeError] });`
   */
  readonly catch?: readonly ErrorClass[];
  /** Trials evaluated at once in this process (default 1). */
  readonly concurrency?: number;
  readonly callbacks?: readonly StudyCallback<S>[];
  /**
   * Run only enqueued (WAITING) trials, such as those of `study.reserveTrials(n)`, and return
   * once none is waiting and no other worker's trial is RUNNING. Meanwhile trials of dead
   * workers are failed after their heartbeat grace period (and re-queued with
   * `heartbeat.requeue`), so a crashed worker's share is finished by the others.
   */
  readonly onlyWaiting?: boolean;
  /** With `onlyWaiting`: how often an idle worker looks for new WAITING trials (default 100 ms). */
  readonly pollMs?: number;
  /**
   * Fail a trial whose objective has not finished after this many milliseconds (code
   * TRIAL_TIMEOUT) and go on; its work is not cancelled. Default: no limit, though a promise that
   * can never settle (nothing left in the event loop) always fails its trial.
   */
  readonly trialTimeoutMs?: number;
}

/**
 * Runs the objective on new trials until `nTrials`, `timeout`, `study.stop()` or an exhausted
 * sampler ends it. A NaN or non-numeric result, a per-trial timeout or a promise that can never
 * settle makes the trial FAIL (the reason is in `systemAttrs.failReason`, the code in
 * `failCode`) and the study goes on. A throwing objective makes the trial FAIL too, and, as in
 * Optuna, the error is then re-raised unless its class is listed in `catch`. Storage errors stop it.
 *
 * @example
 * ```ts
 * await optimize(study, (t) => t.suggestFloat('x', -1, 1) ** 2, { nTrials: 20, concurrency: 4 });
 * ```
 */
export async function optimize<S extends OptimizeTarget>(study: S, objective: Objective, options: OptimizeOptions<S> = {}): Promise<void> {
  const { nTrials, timeout, concurrency = 1, callbacks = [] } = options;
  if (nTrials !== undefined && !(Number.isInteger(nTrials) && nTrials >= 0)) {
    throw new UsageError('INVALID_OPTION', `optimize: nTrials must be a non-negative integer, got ${nTrials}.`, { nTrials });
  }
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) {
    throw new UsageError('INVALID_OPTION', `optimize: concurrency must be a positive integer, got ${concurrency}.`, { concurrency });
  }
  if (timeout !== undefined && !(timeout >= 0)) {
    throw new UsageError('INVALID_OPTION', `optimize: timeout must be a number of seconds ≥ 0, got ${timeout}.`, { timeout });
  }
  const { trialTimeoutMs } = options;
  if (trialTimeoutMs !== undefined && !(trialTimeoutMs > 0)) {
    throw new UsageError('INVALID_OPTION', `optimize: trialTimeoutMs must be > 0, got ${trialTimeoutMs}.`, { trialTimeoutMs });
  }
  study.resume();
  const deadline = timeout === undefined ? Infinity : Date.now() + timeout * 1000;
  const caught = options.catch ?? [];
  let raised = false;
  let started = 0;
  let active = 0;
  const worker = async (): Promise<void> => {
    while (!raised && !study.stopped && (nTrials === undefined || started < nTrials) && Date.now() < deadline) {
      started++;
      let trial: Trial;
      if (options.onlyWaiting === true) {
        const claimed = await study.askWaiting();
        if (claimed === undefined) {
          started--;
          if (active === 0 && !(await othersPending(study))) return;
          await new Promise((r) => setTimeout(r, options.pollMs ?? 100));
          continue;
        }
        trial = claimed;
      } else {
        trial = await study.ask();
      }
      active++;
      const { result, error } = await runObjective(objective, trial, trialTimeoutMs);
      let frozen: FrozenTrial;
      try {
        frozen = await study.tell(trial, result);
      } catch (e) {
        // Another worker failed this trial (its heartbeat looked stale): its verdict stands.
        if (isKeelError(e, 'TRIAL_FROZEN')) continue;
        throw e;
      } finally {
        active--;
      }
      if (error !== undefined && !caught.some((c) => error instanceof c)) {
        raised = true;
        throw error;
      }
      for (const cb of callbacks) await cb(study, frozen);
      if (study.sampler.isExhausted?.(await study.snapshot()) === true) study.stop();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** True while the study has WAITING trials or RUNNING ones (of other workers) that may still finish or expire. */
async function othersPending(study: OptimizeTarget): Promise<boolean> {
  if (!study.keepsHeartbeats) return (await study.getTrials({ states: ['WAITING'] })).length > 0;
  await study.failStaleTrials();
  return (await study.getTrials({ states: ['WAITING', 'RUNNING'] })).length > 0;
}
