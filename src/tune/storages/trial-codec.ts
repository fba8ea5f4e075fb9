import { StorageError } from '../tune-error.js';
import type { FrozenTrial, JsonValue, StudyDirection, TrialState } from '../trial/index.js';
import { TRIAL_STATES } from '../trial/index.js';

/** A trial row of a SQL storage: columns plus the JSON payload. */
export interface TrialRow {
  readonly trial_id: number | string;
  readonly number: number;
  readonly state: string;
  readonly data: string;
}

/** JSON that keeps ±Infinity and NaN (plain JSON turns them into null). */
function replacer(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? { $nonFinite: String(value) } : value;
}

function reviver(_key: string, value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if (typeof v['$nonFinite'] === 'string' && Object.keys(v).length === 1) return Number(v['$nonFinite']);
  }
  return value;
}

/**
 * The JSON payload of a trial row (everything but id, number and state).
 * @example `encodeTrialData(trial)`
 */
export function encodeTrialData(trial: FrozenTrial): string {
  const { values, params, distributions, intermediateValues, userAttrs, systemAttrs, startedAt, completedAt, heartbeatAt } = trial;
  return JSON.stringify({ values, params, distributions, intermediateValues, userAttrs, systemAttrs, startedAt, completedAt, heartbeatAt }, replacer);
}

/**
 * A frozen trial from a row; throws `STORAGE_CORRUPT` for unknown states.
 * @example `decodeTrialRow(row)`
 */
export function decodeTrialRow(row: TrialRow): FrozenTrial {
  if (!TRIAL_STATES.includes(row.state as TrialState)) {
    throw new StorageError('STORAGE_CORRUPT', `Trial ${row.trial_id} has unknown state "${row.state}".`, { trialId: row.trial_id });
  }
  const data = JSON.parse(row.data, reviver) as Omit<FrozenTrial, 'trialId' | 'number' | 'state'>;
  return deepFreeze({ ...data, trialId: Number(row.trial_id), number: row.number, state: row.state as TrialState });
}

/**
 * Parses the stored directions column.
 * @example `decodeDirections('["minimize"]')`
 */
export function decodeDirections(json: string): readonly StudyDirection[] {
  return Object.freeze(JSON.parse(json) as StudyDirection[]);
}

/**
 * Parses any JSON column that may hold non-finite numbers.
 * @example `decodeJson('{"a":1}')`
 */
export function decodeJson(json: string): Readonly<Record<string, JsonValue>> {
  return deepFreeze(JSON.parse(json, reviver) as Record<string, JsonValue>);
}

/**
 * JSON encoding that keeps non-finite numbers.
 * @example `encodeJson({ a: Infinity })`
 */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value, replacer);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
