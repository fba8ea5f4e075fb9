import { UsageError, isKeelError } from '../../core/index.js';
import type { Sampler } from '../samplers/index.js';
import type { FrozenTrial, StudySnapshot } from '../trial/index.js';
import type { Trial } from './trial.js';

/** The outcome of a trial given to `Study.tell`. */
export type TellResult = number | readonly number[] | { readonly state: 'PRUNED' } | { readonly state: 'FAIL'; readonly reason?: string; readonly code?: string };

/** What `optimize` needs of a study (a `Study` is one). */
export interface OptimizeTarget {
  readonly sampler: Sampler;
  readonly stopped: boolean;
  ask(): Promise<Trial>;
  tell(trial: Trial, result: TellResult): Promise<FrozenTrial>;
  snapshot(): Promise<StudySnapshot>;
  stop(): void;
  resume(): void;
}

/** An objective: one number per study direction, sync or async. Throw `TrialPruned` to prune. */
export type Objective = (trial: Trial) => number | readonly number[] | Promise<number | readonly number[]>;

/** Called after every finished trial. */
export type StudyCallback<S> = (study: S, trial: FrozenTrial) => void | Promise<void>;

/** Options of `optimize`. */
export interface OptimizeOptions<S = OptimizeTarget> {
  /** Stop after this many trials were started by this call. */
  readonly nTrials?: number;
  /** Start no new trial after this many milliseconds. */
  readonly timeoutMs?: number;
  /** Trials evaluated at once in this process (default 1). */
  readonly concurrency?: number;
  readonly callbacks?: readonly StudyCallback<S>[];
}

/**
 * Runs the objective on new trials until `nTrials`, `timeoutMs`, `study.stop()` or an exhausted
 * sampler ends it. A throwing objective or a NaN result makes the trial FAIL (the reason is in
 * `systemAttrs.failReason`) and the study goes on; storage errors stop it.
 *
 * @example
 * ```ts
 * await optimize(study, (t) => t.suggestFloat('x', -1, 1) ** 2, { nTrials: 20, concurrency: 4 });
 * ```
 */
export async function optimize<S extends OptimizeTarget>(study: S, objective: Objective, options: OptimizeOptions<S> = {}): Promise<void> {
  const { nTrials, timeoutMs, concurrency = 1, callbacks = [] } = options;
  if (nTrials !== undefined && !(Number.isInteger(nTrials) && nTrials >= 0)) {
    throw new UsageError('INVALID_OPTION', `optimize: nTrials must be a non-negative integer, got ${nTrials}.`, { nTrials });
  }
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) {
    throw new UsageError('INVALID_OPTION', `optimize: concurrency must be a positive integer, got ${concurrency}.`, { concurrency });
  }
  if (timeoutMs !== undefined && !(timeoutMs >= 0)) {
    throw new UsageError('INVALID_OPTION', `optimize: timeoutMs must be ≥ 0, got ${timeoutMs}.`, { timeoutMs });
  }
  study.resume();
  const deadline = timeoutMs === undefined ? Infinity : Date.now() + timeoutMs;
  let started = 0;
  const worker = async (): Promise<void> => {
    while (!study.stopped && (nTrials === undefined || started < nTrials) && Date.now() < deadline) {
      started++;
      const trial = await study.ask();
      const result = await runObjective(objective, trial);
      const frozen = await study.tell(trial, result);
      for (const cb of callbacks) await cb(study, frozen);
      if (study.sampler.isExhausted?.(await study.snapshot()) === true) study.stop();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function runObjective(objective: Objective, trial: Trial): Promise<TellResult> {
  try {
    return await objective(trial);
  } catch (e) {
    if (isKeelError(e, 'TRIAL_PRUNED')) return { state: 'PRUNED' };
    const reason = e instanceof Error ? `${e.name}: ${e.message}` : `Objective threw ${String(e)}`;
    return { state: 'FAIL', reason, ...(isKeelError(e) ? { code: e.code } : {}) };
  }
}
