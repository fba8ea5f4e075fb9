import type { CategoricalChoice, Distribution } from '../distributions/index.js';
import { toInternal } from '../distributions/index.js';
import type { FrozenTrial, JsonValue, StudyDirection, TrialState } from '../trial/index.js';
import { isFinished } from '../trial/index.js';
import { StorageError } from '../tune-error.js';

/**
 * Optuna 3.1's journal storage format (`optuna.storages.JournalStorage` with
 * `JournalFileStorage`): one JSON object per line, each an operation with an `op_code`, the
 * `worker_id` that wrote it and its fields. Studies and trials get ids in the order their
 * creating lines appear (studies from 0, trials from 0 across all studies).
 * @module
 */

/** Keel's heartbeat, kept in a trial system attribute (Optuna's journal has no heartbeat field). */
export const HEARTBEAT_KEY = 'keel:heartbeat';

/** Operation codes, as Optuna's `JournalOperation`. */
export const OP = {
  CREATE_STUDY: 0,
  DELETE_STUDY: 1,
  SET_STUDY_USER_ATTR: 2,
  SET_STUDY_SYSTEM_ATTR: 3,
  CREATE_TRIAL: 4,
  SET_TRIAL_PARAM: 5,
  SET_TRIAL_STATE_VALUES: 6,
  SET_TRIAL_INTERMEDIATE_VALUE: 7,
  SET_TRIAL_USER_ATTR: 8,
  SET_TRIAL_SYSTEM_ATTR: 9,
} as const;

/** One journal line. */
export type JournalLog = Readonly<Record<string, JsonValue>> & { readonly op_code: number; readonly worker_id: string };

const STATES: readonly TrialState[] = ['RUNNING', 'COMPLETE', 'PRUNED', 'FAIL', 'WAITING'];

/** Optuna's `TrialState` number of a state. */
export function stateCode(state: TrialState): number {
  return STATES.indexOf(state);
}

/** The state of an Optuna `TrialState` number. */
export function stateOf(code: JsonValue | undefined): TrialState {
  const s = typeof code === 'number' ? STATES[code] : undefined;
  if (s === undefined) throw new StorageError('JOURNAL_CORRUPT', `Journal line has trial state ${JSON.stringify(code)}; expected 0-4 (Optuna's TrialState).`, { code: JSON.stringify(code) ?? null });
  return s;
}

/** Optuna's `StudyDirection` number (1 minimize, 2 maximize). */
export function directionCode(d: StudyDirection): number {
  return d === 'minimize' ? 1 : 2;
}

/** The direction of an Optuna `StudyDirection` number. */
export function directionOf(code: JsonValue): StudyDirection {
  if (code === 1) return 'minimize';
  if (code === 2) return 'maximize';
  throw new StorageError('JOURNAL_CORRUPT', `Journal study direction ${JSON.stringify(code)} is neither 1 (minimize) nor 2 (maximize).`, { code: JSON.stringify(code) ?? null });
}

/** Optuna's `distribution_to_json`: a JSON string `{"name": …, "attributes": …}`. */
export function distributionToJson(d: Distribution): string {
  if (d.kind === 'categorical') return JSON.stringify({ name: 'CategoricalDistribution', attributes: { choices: d.choices } });
  const name = d.kind === 'float' ? 'FloatDistribution' : 'IntDistribution';
  return JSON.stringify({ name, attributes: { step: d.step, low: d.low, high: d.high, log: d.log } });
}

/** Optuna's `json_to_distribution` (3.x names; the pre-3.0 Uniform/LogUniform/… names too). */
export function distributionFromJson(text: JsonValue | undefined): Distribution {
  const parsed = (typeof text === 'string' ? JSON.parse(text) : text) as { name?: string; attributes?: Record<string, JsonValue> } | null;
  const a = parsed?.attributes ?? {};
  const num = (k: string, fallback: number | null = null): number | null => (typeof a[k] === 'number' ? a[k] : fallback);
  switch (parsed?.name) {
    case 'CategoricalDistribution':
      return { kind: 'categorical', choices: (a['choices'] ?? []) as CategoricalChoice[] };
    case 'FloatDistribution':
    case 'UniformDistribution':
    case 'LogUniformDistribution':
    case 'DiscreteUniformDistribution':
      return { kind: 'float', low: num('low')!, high: num('high')!, log: a['log'] === true || parsed.name === 'LogUniformDistribution', step: num(parsed.name === 'DiscreteUniformDistribution' ? 'q' : 'step') };
    case 'IntDistribution':
    case 'IntUniformDistribution':
    case 'IntLogUniformDistribution':
      return { kind: 'int', low: num('low')!, high: num('high')!, log: a['log'] === true || parsed.name === 'IntLogUniformDistribution', step: num('step', 1)! };
    default:
      throw new StorageError('JOURNAL_CORRUPT', `Journal distribution ${JSON.stringify(text)} is not one Optuna writes.`, { text: JSON.stringify(text) ?? null });
  }
}

/** Python's naive local `datetime.isoformat(timespec="microseconds")` of epoch milliseconds. */
export function isoLocal(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}000`;
}

/** Epoch milliseconds of an ISO date-time written by Optuna (naive = local time), or null. */
export function msOf(iso: JsonValue | undefined): number | null {
  if (typeof iso !== 'string') return null;
  const ms = Date.parse(iso.length > 23 && !/[zZ+]|-\d\d:\d\d$/.test(iso.slice(19)) ? iso.slice(0, 23) : iso);
  return Number.isFinite(ms) ? ms : null;
}

const SENTINEL = '\u0000keel-number:';

/**
 * JSON as Python's `json.dumps` writes it: non-finite numbers as the bare tokens `Infinity`,
 * `-Infinity` and `NaN` (plain JSON would turn them into null).
 * @example `pythonJson({ v: Infinity }) // '{"v":Infinity}'`
 */
export function pythonJson(value: unknown): string {
  const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `${SENTINEL}${String(v)}` : v));
  return text.replace(new RegExp(`"${SENTINEL}(-?Infinity|NaN)"`, 'g'), '$1');
}

/**
 * Parses a line of Python's JSON (bare `Infinity`, `-Infinity`, `NaN` outside strings allowed).
 * @example `parsePythonJson('{"v": -Infinity}').v // -Infinity`
 */
export function parsePythonJson(line: string): unknown {
  const quoted = line.replace(/"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g, (m) => (m.startsWith('"') ? m : `"${SENTINEL}${m}"`));
  return JSON.parse(quoted, (_k, v: unknown) => (typeof v === 'string' && v.startsWith(SENTINEL) ? Number(v.slice(SENTINEL.length)) : v));
}

/** The journal lines that turn `current` into `next` (the state change last, as Optuna writes it). */
export function diffLogs(current: FrozenTrial, next: FrozenTrial): Record<string, JsonValue>[] {
  const id = current.trialId;
  const logs: Record<string, JsonValue>[] = [];
  for (const [name, d] of Object.entries(next.distributions)) {
    if (current.distributions[name] !== undefined) continue;
    logs.push({ op_code: OP.SET_TRIAL_PARAM, trial_id: id, param_name: name, param_value_internal: toInternal(d, next.params[name] ?? null) ?? null, distribution: distributionToJson(d) });
  }
  const known = new Set(current.intermediateValues.map(([s]) => s));
  for (const [step, value] of next.intermediateValues) if (!known.has(step)) logs.push({ op_code: OP.SET_TRIAL_INTERMEDIATE_VALUE, trial_id: id, step, intermediate_value: value });
  for (const [k, v] of Object.entries(next.userAttrs)) if (JSON.stringify(current.userAttrs[k]) !== JSON.stringify(v)) logs.push({ op_code: OP.SET_TRIAL_USER_ATTR, trial_id: id, user_attr: { [k]: v } });
  for (const [k, v] of Object.entries(next.systemAttrs)) if (JSON.stringify(current.systemAttrs[k]) !== JSON.stringify(v)) logs.push({ op_code: OP.SET_TRIAL_SYSTEM_ATTR, trial_id: id, system_attr: { [k]: v } });
  if (next.heartbeatAt !== current.heartbeatAt && next.heartbeatAt !== null) logs.push({ op_code: OP.SET_TRIAL_SYSTEM_ATTR, trial_id: id, system_attr: { [HEARTBEAT_KEY]: next.heartbeatAt } });
  if (next.state !== current.state || JSON.stringify(next.values) !== JSON.stringify(current.values)) {
    logs.push({
      op_code: OP.SET_TRIAL_STATE_VALUES, trial_id: id, state: stateCode(next.state), values: next.values === null ? null : [...next.values],
      ...(next.state === 'RUNNING' ? { datetime_start: isoLocal(next.startedAt ?? Date.now()) } : {}),
      ...(isFinished(next.state) ? { datetime_complete: isoLocal(next.completedAt ?? Date.now()) } : {}),
    });
  }
  return logs;
}

