import { isKeelError } from '../../core/index.js';
import type { Storage } from '../storages/index.js';
import type { FrozenTrial, JsonValue } from '../trial/index.js';
import { asWorkerIdentity, diedOnThisHost } from './worker-identity.js';

/** Heartbeat settings of a study. */
export interface HeartbeatOptions {
  /** How often a running trial refreshes its heartbeat. */
  readonly intervalMs: number;
  /** How long after the last heartbeat a RUNNING trial is declared dead (default 4 intervals). */
  readonly gracePeriodMs?: number;
  /** Re-queue a dead worker's trial as WAITING with the same parameters (default false). */
  readonly requeue?: boolean;
  /**
   * Called once for each trial this process fails because its worker died, after the FAIL (and
   * the re-queue) are stored (as Optuna's `failed_trial_callback`). A throw stops the caller.
   */
  readonly onTrialFailed?: (trial: FrozenTrial) => void | Promise<void>;
}

/**
 * Marks RUNNING trials of dead workers as FAIL: those whose heartbeat is older than the grace
 * period, and at once those whose worker ran on this machine and no longer exists. With
 * `requeue`, each is queued again as WAITING with the same parameters (in the same reservation,
 * unless that reservation is in `deadReservations`). When two workers race, the storage's
 * TRIAL_FROZEN rule lets exactly one of them fail (and re-queue) a trial. Heartbeats compare
 * worker clocks: keep machine clocks in sync (NTP) across hosts.
 *
 * @example
 * ```ts
 * const failed = await failStaleTrials(storage, studyId, { intervalMs: 1000, requeue: true });
 * ```
 */
export async function failStaleTrials(storage: Storage, studyId: number, options: HeartbeatOptions, now: number = Date.now(), deadReservations: ReadonlySet<string> = new Set()): Promise<readonly FrozenTrial[]> {
  const grace = options.gracePeriodMs ?? options.intervalMs * 4;
  const running = await storage.getTrials(studyId, ['RUNNING']);
  const failed: FrozenTrial[] = [];
  for (const t of running) {
    const reason = whyDead(t, now, grace);
    if (reason === undefined) continue;
    try {
      const f = await storage.updateTrial(t.trialId, { state: 'FAIL', ifState: 'RUNNING', systemAttrs: reason });
      failed.push(f);
      const reservation = t.systemAttrs['reservation'];
      const dropped = typeof reservation === 'string' && deadReservations.has(reservation);
      if (options.requeue === true && !dropped) {
        const systemAttrs: Record<string, JsonValue> = { fixedParams: { ...t.params }, retriedFrom: t.number };
        if (reservation !== undefined) systemAttrs['reservation'] = reservation;
        await storage.createTrial(studyId, { state: 'WAITING', systemAttrs, userAttrs: t.userAttrs });
      }
    } catch (e) {
      if (!isKeelError(e, 'TRIAL_FROZEN') && !isKeelError(e, 'STATE_CHANGED')) throw e;
      continue;
    }
    await options.onTrialFailed?.(failed[failed.length - 1]!);
  }
  return failed;
}

function whyDead(t: FrozenTrial, now: number, grace: number): Record<string, JsonValue> | undefined {
  const worker = asWorkerIdentity(t.systemAttrs['worker']);
  if (diedOnThisHost(worker)) {
    return { failReason: `The worker running it (pid ${worker?.pid} on ${worker?.host}) no longer exists: it was killed or crashed.`, failCode: 'WORKER_DIED' };
  }
  if (t.heartbeatAt === null || now - t.heartbeatAt <= grace) return undefined;
  return { failReason: `No heartbeat for ${now - t.heartbeatAt} ms (grace ${grace} ms): the worker died.`, failCode: 'HEARTBEAT_EXPIRED' };
}
