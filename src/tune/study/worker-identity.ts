import { hostname } from 'node:os';
import type { JsonValue } from '../trial/index.js';

/** Which process on which machine runs a trial or holds a reservation (kept in systemAttrs). */
export interface WorkerIdentity {
  readonly host: string;
  readonly pid: number;
}

/**
 * This process, as recorded on the trials it runs.
 * @example `thisWorker() // { host: 'node-7', pid: 4242 }`
 */
export function thisWorker(): WorkerIdentity {
  return { host: hostname(), pid: process.pid };
}

/**
 * Reads a {@link WorkerIdentity} back from a stored JSON value; undefined when it is not one.
 * @example `asWorkerIdentity(trial.systemAttrs['worker'])`
 */
export function asWorkerIdentity(value: JsonValue | undefined): WorkerIdentity | undefined {
  const record = asJsonRecord(value);
  if (record === undefined) return undefined;
  const { host, pid } = record;
  return typeof host === 'string' && typeof pid === 'number' && Number.isInteger(pid) ? { host, pid } : undefined;
}

/**
 * True when the process is known to be gone: it ran on this machine and no process with its pid
 * exists any more. A process on another machine is never judged here (heartbeats do that).
 * @example `if (diedOnThisHost(asWorkerIdentity(t.systemAttrs['worker']))) ...`
 */
export function diedOnThisHost(worker: WorkerIdentity | undefined): boolean {
  if (worker === undefined || worker.host !== hostname() || worker.pid === process.pid) return false;
  try {
    process.kill(worker.pid, 0);
    return false;
  } catch (e) {
    return (e as { code?: unknown }).code === 'ESRCH';
  }
}

/**
 * A stored JSON value as an object with keys, or undefined for arrays, scalars and null.
 * @example `asJsonRecord(attrs['keel.reservation.x'])?.['closed']`
 */
export function asJsonRecord(value: JsonValue | undefined): Readonly<Record<string, JsonValue>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Readonly<Record<string, JsonValue>>) : undefined;
}
