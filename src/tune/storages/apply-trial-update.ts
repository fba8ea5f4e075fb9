import { UsageError } from '../../core/index.js';
import { sameDistribution } from '../distributions/index.js';
import type { FrozenTrial, JsonValue, TrialState, TrialUpdate } from '../trial/index.js';
import { isFinished } from '../trial/index.js';
import { TuneError } from '../tune-error.js';

const ALLOWED: Readonly<Record<TrialState, readonly TrialState[]>> = {
  WAITING: ['WAITING', 'RUNNING', 'FAIL'],
  RUNNING: ['RUNNING', 'COMPLETE', 'PRUNED', 'FAIL'],
  COMPLETE: [],
  PRUNED: [],
  FAIL: [],
};

/**
 * The storage invariants in one pure function, shared by every backend: finished trials are
 * frozen (TRIAL_FROZEN), states only move forward (INVALID_TRANSITION), a parameter keeps its
 * distribution (PARAM_CONFLICT), each step is reported once (later reports of a step are
 * ignored), `ifState` guards against a concurrent change (STATE_CHANGED). Returns a new frozen snapshot; the input is not modified.
 *
 * @example
 * ```ts
 * const next = applyTrialUpdate(trial, { state: 'COMPLETE', values: [0.1] }, Date.now());
 * ```
 */
export function applyTrialUpdate(trial: FrozenTrial, update: TrialUpdate, now: number): FrozenTrial {
  if (isFinished(trial.state)) {
    throw new TuneError('TRIAL_FROZEN', `Trial ${trial.number} is already ${trial.state}; finished trials cannot change.`, { trialId: trial.trialId, number: trial.number, state: trial.state });
  }
  if (update.ifState !== undefined && update.ifState !== trial.state) {
    throw new TuneError('STATE_CHANGED', `Trial ${trial.number} is ${trial.state}, not ${update.ifState}; the update was meant for a ${update.ifState} trial and is skipped.`, { number: trial.number, state: trial.state, expected: update.ifState });
  }
  const state = update.state ?? trial.state;
  if (!ALLOWED[trial.state].includes(state)) {
    throw new TuneError('INVALID_TRANSITION', `Trial ${trial.number} cannot move from ${trial.state} to ${state}.`, { from: trial.state, to: state });
  }
  const params = { ...trial.params };
  const distributions = { ...trial.distributions };
  for (const [name, p] of Object.entries(update.params ?? {})) {
    const existing = distributions[name];
    if (existing !== undefined) {
      if (!sameDistribution(existing, p.distribution)) {
        throw new UsageError('PARAM_CONFLICT', `Parameter "${name}" of trial ${trial.number} was already suggested with a different distribution.`, { name, existing, requested: p.distribution });
      }
      continue;
    }
    params[name] = p.value;
    distributions[name] = p.distribution;
  }
  let intermediateValues = trial.intermediateValues;
  if (update.intermediate !== undefined && update.intermediate.length > 0) {
    const seen = new Map<number, number>(trial.intermediateValues.map(([s, v]) => [s, v]));
    for (const [s, v] of update.intermediate) if (!seen.has(s)) seen.set(s, v);
    intermediateValues = [...seen.entries()].sort((a, b) => a[0] - b[0]).map(([s, v]) => Object.freeze([s, v] as const));
  }
  return Object.freeze({
    trialId: trial.trialId,
    number: trial.number,
    state,
    values: update.values === undefined ? trial.values : update.values === null ? null : Object.freeze(update.values.slice()),
    params: Object.freeze(params),
    distributions: Object.freeze(distributions),
    intermediateValues: Object.freeze(intermediateValues),
    userAttrs: Object.freeze({ ...trial.userAttrs, ...update.userAttrs }),
    systemAttrs: Object.freeze({ ...trial.systemAttrs, ...update.systemAttrs }),
    startedAt: state === 'RUNNING' && trial.startedAt === null ? now : trial.startedAt,
    completedAt: isFinished(state) ? now : null,
    heartbeatAt: update.heartbeat === true ? now : trial.heartbeatAt,
  });
}

/**
 * A fresh trial snapshot for a storage's `createTrial`.
 * @example `newTrial(1, 0, { state: 'RUNNING' }, Date.now())`
 */
export function newTrial(trialId: number, number: number, init: TrialInit, now: number): FrozenTrial {
  return Object.freeze({
    trialId,
    number,
    state: init.state,
    values: null,
    params: Object.freeze({}),
    distributions: Object.freeze({}),
    intermediateValues: Object.freeze([]),
    userAttrs: Object.freeze({ ...init.userAttrs }),
    systemAttrs: Object.freeze({ ...init.systemAttrs }),
    startedAt: init.state === 'RUNNING' ? now : null,
    completedAt: null,
    heartbeatAt: init.state === 'RUNNING' && init.heartbeat === true ? now : null,
  });
}

/** What a new trial starts with. */
export interface TrialInit {
  readonly state: 'RUNNING' | 'WAITING';
  readonly userAttrs?: Readonly<Record<string, JsonValue>>;
  readonly systemAttrs?: Readonly<Record<string, JsonValue>>;
  /** Start the heartbeat clock at creation. */
  readonly heartbeat?: boolean;
}
