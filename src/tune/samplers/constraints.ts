import type { FrozenTrial, JsonValue, StudyDirection, TrialState } from '../trial/index.js';
import { dominates } from '../trial/index.js';

/**
 * Constraint values of a finished trial; the trial is feasible when every value is ≤ 0 (as
 * Optuna's `constraints_func`). Called once per COMPLETE or PRUNED trial, in the process that
 * tells the result; the values are stored in the trial's `constraints` system attribute.
 */
export type ConstraintsFunction = (trial: FrozenTrial) => readonly number[];

/** The system attribute holding a trial's constraint values (Optuna's key). */
export const CONSTRAINTS_KEY = 'constraints';

/**
 * System attributes to store when a trial finishes: its constraint values, or, when the
 * function throws or returns a non-finite value, `constraints: null` and the reason (the trial
 * then counts as violating every constraint).
 *
 * @example `constraintAttrs((t) => [Number(t.params.x) - 1], trial, 'COMPLETE')`
 */
export function constraintAttrs(fn: ConstraintsFunction, trial: FrozenTrial, state: TrialState): Readonly<Record<string, JsonValue>> | undefined {
  if (state !== 'COMPLETE' && state !== 'PRUNED') return undefined;
  try {
    const raw: unknown = fn(trial);
    const values = Array.isArray(raw) ? (raw as readonly unknown[]) : [Number.NaN];
    if (values.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
      return { [CONSTRAINTS_KEY]: null, constraintsError: `constraints function returned ${JSON.stringify(raw)}; expected an array of finite numbers (≤ 0 means satisfied).` };
    }
    return { [CONSTRAINTS_KEY]: values as number[] };
  } catch (e) {
    return { [CONSTRAINTS_KEY]: null, constraintsError: `constraints function threw: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * Total violation Σ max(0, c) of a trial's stored constraints: 0 when feasible, +∞ when they are
 * missing or unusable.
 * @example `violation(trial) === 0`
 */
export function violation(trial: FrozenTrial): number {
  const c = trial.systemAttrs[CONSTRAINTS_KEY];
  if (!Array.isArray(c)) return Infinity;
  let sum = 0;
  for (const v of c as readonly JsonValue[]) {
    if (typeof v !== 'number' || !Number.isFinite(v)) return Infinity;
    sum += Math.max(0, v);
  }
  return sum;
}

/**
 * Constrained domination (Deb et al.): a feasible trial dominates an infeasible one, of two
 * infeasible trials the smaller total violation dominates, and two feasible trials compare by
 * their values. Without constraints it is plain Pareto domination.
 * @example `constrainedDominates(a, b, ['minimize', 'minimize'], true)`
 */
export function constrainedDominates(a: FrozenTrial, b: FrozenTrial, directions: readonly StudyDirection[], constrained: boolean): boolean {
  if (constrained) {
    const va = violation(a);
    const vb = violation(b);
    if (va > 0 || vb > 0) return va < vb;
  }
  return dominates(a.values!, b.values!, directions);
}
