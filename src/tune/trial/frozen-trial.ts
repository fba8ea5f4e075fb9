import type { Distribution, ParamValue } from '../distributions/index.js';

/** Lifecycle of a trial. WAITING (enqueued) → RUNNING → COMPLETE | PRUNED | FAIL. */
export type TrialState = 'WAITING' | 'RUNNING' | 'COMPLETE' | 'PRUNED' | 'FAIL';

/** All trial states, in lifecycle order. */
export const TRIAL_STATES: readonly TrialState[] = Object.freeze(['WAITING', 'RUNNING', 'COMPLETE', 'PRUNED', 'FAIL']);

/** Whether the objective is minimised or maximised. */
export type StudyDirection = 'minimize' | 'maximize';

/** JSON data accepted as a user or system attribute. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * An immutable snapshot of a trial as a storage returned it. Snapshots never change; a newer
 * state of the same trial is a new object. Once `state` is COMPLETE, PRUNED or FAIL the trial is
 * frozen: storages reject every further write.
 */
export interface FrozenTrial {
  /** Storage-wide identifier. */
  readonly trialId: number;
  /** 0-based position within the study, unique per study. */
  readonly number: number;
  readonly state: TrialState;
  /** Objective values (one per study direction) for COMPLETE trials, else usually null. */
  readonly values: readonly number[] | null;
  /** External parameter values by name. */
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly distributions: Readonly<Record<string, Distribution>>;
  /** Reported (step, value) pairs, sorted by step, one per step. */
  readonly intermediateValues: readonly (readonly [number, number])[];
  readonly userAttrs: Readonly<Record<string, JsonValue>>;
  /** Attributes Keel itself uses: `fixedParams`, `failReason`, sampler bookkeeping. */
  readonly systemAttrs: Readonly<Record<string, JsonValue>>;
  /** Epoch milliseconds. */
  readonly startedAt: number | null;
  readonly completedAt: number | null;
  /** Last heartbeat of the worker running the trial (epoch ms), null when heartbeats are off. */
  readonly heartbeatAt: number | null;
}

/**
 * One atomic change to a trial, applied by a storage under its lock. Params are only added,
 * intermediate values only appended, attributes merged. A `state` moving to a finished state
 * freezes the trial.
 */
export interface TrialUpdate {
  readonly params?: Readonly<Record<string, { readonly distribution: Distribution; readonly value: ParamValue }>>;
  readonly intermediate?: readonly (readonly [number, number])[];
  readonly userAttrs?: Readonly<Record<string, JsonValue>>;
  readonly systemAttrs?: Readonly<Record<string, JsonValue>>;
  readonly state?: TrialState;
  readonly values?: readonly number[] | null;
  /** Refresh `heartbeatAt` to the storage's clock. */
  readonly heartbeat?: boolean;
  /**
   * Apply only while the trial is in this state, else throw `STATE_CHANGED` and change nothing
   * (for example: release a WAITING trial unless another worker claimed it meanwhile).
   */
  readonly ifState?: TrialState;
}

/**
 * True for COMPLETE, PRUNED and FAIL.
 * @example `isFinished('PRUNED') // true`
 */
export function isFinished(state: TrialState): boolean {
  return state === 'COMPLETE' || state === 'PRUNED' || state === 'FAIL';
}

/**
 * The last reported intermediate (step, value), or undefined when nothing was reported.
 * @example `lastIntermediate(trial)?.[0]`
 */
export function lastIntermediate(trial: FrozenTrial): readonly [number, number] | undefined {
  return trial.intermediateValues[trial.intermediateValues.length - 1];
}
