import { isKeelError } from '../../core/index.js';
import type { Storage } from '../storages/index.js';
import type { FrozenTrial } from '../trial/index.js';

/** Heartbeat settings of a study. */
export interface HeartbeatOptions {
  /** How often a running trial refreshes its heartbeat. */
  readonly intervalMs: number;
  /** How long after the last heartbeat a RUNNING trial is declared dead (default 4 intervals). */
  readonly gracePeriodMs?: number;
  /** Re-queue a dead worker's trial as WAITING with the same parameters (default false). */
  readonly requeue?: boolean;
  /**
   * Called once for each trial this process fails for a missing heartbeat, after the FAIL (and
   * the re-queue) are stored (as Optuna's `failed_trial_callback`). A throw stops the caller.
   */
  readonly onTrialFailed?: (trial: FrozenTrial) => void | Promise<void>;
}

/**
 * Marks RUNNING trials whose heartbeat is older than the grace period as FAIL. When two workers
 * race, the storage's TRIAL_FROZEN rule lets exactly one of them fail (and re-queue) a trial.
 * Heartbeats compare worker clocks: keep machine clocks in sync (NTP) across hosts.
 *
 * @example
 * ```ts
 * const failed = await failStaleTrials(storage, studyId, { intervalMs: 1000, requeue: true });
 * ```
 */
export async function failStaleTrials(storage: Storage, studyId: number, options: HeartbeatOptions, now: number = Date.now()): Promise<readonly FrozenTrial[]> {
  const grace = options.gracePeriodMs ?? options.intervalMs * 4;
  const running = await storage.getTrials(studyId, ['RUNNING']);
  const failed: FrozenTrial[] = [];
  for (const t of running) {
    if (t.heartbeatAt === null || now - t.heartbeatAt <= grace) continue;
    try {
      const f = await storage.updateTrial(t.trialId, {
        state: 'FAIL',
        systemAttrs: { failReason: `No heartbeat for ${now - t.heartbeatAt} ms (grace ${grace} ms): the worker died.`, failCode: 'HEARTBEAT_EXPIRED' },
      });
      failed.push(f);
      if (options.requeue === true) {
        await storage.createTrial(studyId, { state: 'WAITING', systemAttrs: { fixedParams: { ...t.params }, retriedFrom: t.number }, userAttrs: t.userAttrs });
      }
    } catch (e) {
      if (!isKeelError(e, 'TRIAL_FROZEN') && !isKeelError(e, 'INVALID_TRANSITION')) throw e;
      continue;
    }
    await options.onTrialFailed?.(failed[failed.length - 1]!);
  }
  return failed;
}
