import { isKeelError } from '../../core/index.js';
import type { Objective, TellResult } from './optimize.js';
import type { Trial } from './trial.js';

/** Trials waiting on an objective right now; failed all at once if the event loop runs dry. */
const pending = new Set<(result: TellResult) => void>();
/** Objectives given up on (timed out) whose promise has not settled yet. */
let abandoned = 0;

/**
 * How many objectives this process gave up on after their per-trial timeout are still running.
 * A command-line program may exit without waiting for them.
 * @example `if (abandonedObjectives() > 0) process.exit();`
 */
export function abandonedObjectives(): number {
  return abandoned;
}

function onLoopEmpty(): void {
  // Settle from a macrotask: it keeps the event loop alive, so that Node emits 'beforeExit'
  // again if the next trial hangs the same way (microtasks alone would let it exit with 13).
  setImmediate(settleAllPending);
}

function settleAllPending(): void {
  for (const settle of [...pending]) {
    settle({
      state: 'FAIL',
      code: 'OBJECTIVE_NEVER_SETTLED',
      reason: 'The objective returned a promise that can never settle: nothing it could wait for was left (no timer, I/O or callback pending). Resolve or reject it on every path.',
    });
  }
}

/**
 * Runs the objective on one trial and turns every outcome into a `TellResult`: its value;
 * PRUNED for `TrialPruned`; FAIL with the error's name, message and code when it throws; FAIL
 * `TRIAL_TIMEOUT` when it has not finished after `timeoutMs` (its work is not cancelled, but its
 * result is ignored); FAIL `OBJECTIVE_NEVER_SETTLED` when its promise is pending and nothing is
 * left in the event loop to settle it (instead of Node exiting with code 13). What the objective
 * threw comes back as `error` too, for `optimize` to re-raise unless its `catch` lists it.
 *
 * @example `const { result, error } = await runObjective(objective, trial, 60_000);`
 */
export async function runObjective(objective: Objective, trial: Trial, timeoutMs?: number): Promise<{ result: TellResult; error?: Error }> {
  let settle: (result: TellResult) => void = () => undefined;
  const guard = new Promise<TellResult>((resolve) => {
    settle = resolve;
  });
  if (pending.size === 0) process.on('beforeExit', onLoopEmpty);
  pending.add(settle);
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => {
    settle({ state: 'FAIL', code: 'TRIAL_TIMEOUT', reason: `The objective did not finish within the per-trial timeout of ${timeoutMs} ms; its result is ignored.` });
  }, timeoutMs);
  timer?.unref();
  let finished = false;
  const work = evaluate(objective, trial).finally(() => {
    finished = true;
  });
  try {
    const result = await Promise.race([work, guard.then((r) => ({ result: r }))]);
    if (!finished) {
      abandoned++;
      void work.finally(() => {
        abandoned--;
      });
    }
    return result;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    pending.delete(settle);
    if (pending.size === 0) process.off('beforeExit', onLoopEmpty);
  }
}

async function evaluate(objective: Objective, trial: Trial): Promise<{ result: TellResult; error?: Error }> {
  try {
    return { result: await objective(trial) };
  } catch (e) {
    if (isKeelError(e, 'TRIAL_PRUNED')) return { result: { state: 'PRUNED' } };
    const reason = e instanceof Error ? `${e.name}: ${e.message}` : `Objective threw ${describe(e)}`;
    return { result: { state: 'FAIL', reason, code: isKeelError(e) ? e.code : 'OBJECTIVE_THREW' }, error: e instanceof Error ? e : new Error(reason) };
  }
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
