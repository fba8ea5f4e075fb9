import { UsageError, isKeelError } from '../../core/index.js';
import type { Storage } from '../storages/index.js';
import type { FrozenTrial, JsonValue } from '../trial/index.js';
import type { HeartbeatOptions } from './fail-stale-trials.js';
import { asJsonRecord, asWorkerIdentity, diedOnThisHost, thisWorker } from './worker-identity.js';

/** Study attribute prefix under which each reservation keeps its owner and heartbeat. */
const ATTR_PREFIX = 'keel.reservation.';

/**
 * A trial budget held by one process: `n` WAITING trials tagged with `systemAttrs.reservation`,
 * plus a record `keel.reservation.<id>` in the study's attributes with the owner (host, pid) and
 * a heartbeat. While the owner lives, any worker may run them; once it is gone (its pid no longer
 * exists on this machine, its heartbeat is older than the grace period, or it closed the
 * reservation) the trials still WAITING are released: failed with code `RESERVATION_RELEASED`
 * and never run, so a later budget runs exactly its own size.
 *
 * @example
 * ```ts
 * const reservation = await study.holdTrials(20, 'nightly');
 * try { await study.optimize(objective, { onlyWaiting: true }); } finally { await reservation.close(); }
 * ```
 */
export class TrialReservation {
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    readonly id: string,
    private readonly storage: Storage,
    private readonly studyId: number,
  ) {}

  /** Records the reservation, starts its heartbeat and enqueues `n` trials. */
  static async hold(storage: Storage, studyId: number, n: number, label: string, heartbeat: HeartbeatOptions | undefined): Promise<TrialReservation> {
    if (!(Number.isInteger(n) && n >= 0)) throw new UsageError('INVALID_OPTION', `holdTrials: n must be a non-negative integer, got ${n}.`, { n });
    const reservation = new TrialReservation(globalThis.crypto.randomUUID(), storage, studyId);
    await reservation.beat();
    if (heartbeat !== undefined) {
      reservation.timer = setInterval(() => {
        reservation.beat().catch(() => undefined);
      }, heartbeat.intervalMs);
      reservation.timer.unref();
    }
    for (let i = 0; i < n; i++) {
      await storage.createTrial(studyId, { state: 'WAITING', systemAttrs: { reservation: reservation.id, reservedBy: label } });
    }
    return reservation;
  }

  /** Stops the heartbeat and releases the reserved trials that nobody started. */
  async close(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.storage.setStudyUserAttr(this.studyId, ATTR_PREFIX + this.id, { ...thisWorker(), heartbeatAt: Date.now(), closed: true });
    const waiting = (await this.storage.getTrials(this.studyId, ['WAITING'])).filter((t) => t.systemAttrs['reservation'] === this.id);
    await release(this.storage, waiting, 'its budget was closed before the trial started (the run ended early)');
  }

  private async beat(): Promise<void> {
    await this.storage.setStudyUserAttr(this.studyId, ATTR_PREFIX + this.id, { ...thisWorker(), heartbeatAt: Date.now(), closed: false });
  }
}

/**
 * Releases (fails with `RESERVATION_RELEASED`) the WAITING trials of reservations whose owner is
 * gone; returns the ids of those reservations, so that trials of dead workers are not re-queued
 * into them.
 * @example `const dead = await releaseDeadReservations(storage, studyId, { intervalMs: 1000 });`
 */
export async function releaseDeadReservations(storage: Storage, studyId: number, heartbeat: HeartbeatOptions, now: number = Date.now()): Promise<ReadonlySet<string>> {
  const grace = heartbeat.gracePeriodMs ?? heartbeat.intervalMs * 4;
  const attrs = (await storage.listStudies()).find((s) => s.studyId === studyId)?.userAttrs ?? {};
  const dead = new Map<string, string>();
  for (const [key, value] of Object.entries(attrs)) {
    if (!key.startsWith(ATTR_PREFIX)) continue;
    const why = whyGone(value, now, grace);
    if (why !== undefined) dead.set(key.slice(ATTR_PREFIX.length), why);
  }
  if (dead.size === 0) return new Set();
  for (const t of await storage.getTrials(studyId, ['WAITING'])) {
    const id = t.systemAttrs['reservation'];
    const why = typeof id === 'string' ? dead.get(id) : undefined;
    if (why !== undefined) await release(storage, [t], why);
  }
  return new Set(dead.keys());
}

function whyGone(value: JsonValue, now: number, grace: number): string | undefined {
  const owner = asWorkerIdentity(value);
  const record = asJsonRecord(value);
  if (owner === undefined || record === undefined) return undefined;
  const who = `the process that reserved it (pid ${owner.pid} on ${owner.host})`;
  if (record['closed'] === true) return `${who} finished without starting it`;
  if (diedOnThisHost(owner)) return `${who} no longer exists (killed or crashed)`;
  const beat = record['heartbeatAt'];
  if (typeof beat === 'number' && now - beat > grace) return `${who} sent no heartbeat for ${now - beat} ms (grace ${grace} ms)`;
  return undefined;
}

async function release(storage: Storage, trials: readonly FrozenTrial[], why: string): Promise<void> {
  for (const t of trials) {
    try {
      await storage.updateTrial(t.trialId, { state: 'FAIL', ifState: 'WAITING', systemAttrs: { failReason: `Reserved trial released without running: ${why}.`, failCode: 'RESERVATION_RELEASED' } });
    } catch (e) {
      // Claimed or released by another worker in the meantime: its state stands.
      if (!isKeelError(e, 'TRIAL_FROZEN') && !isKeelError(e, 'STATE_CHANGED')) throw e;
    }
  }
}
