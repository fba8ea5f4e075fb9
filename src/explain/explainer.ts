import { UsageError, type HostTensor } from '../core/index.js';
import type { BaselineSpec } from './baselines.js';
import type { ModelInput } from '../model/index.js';
import type { ForwardModel } from './explain-model.js';
import type { F32 } from './rows.js';

/**
 * Which output to explain: one class for every row, one class per row, or an integer tensor of
 * per-row classes (e.g. the labels). Scalar-output models (one column) need no target.
 */
export type Target = number | readonly number[] | HostTensor;

/** Options every explainer's {@link Explainer.attribute} accepts. */
export interface AttributeOptions {
  /** The output column to explain (see {@link Target}). */
  readonly target?: Target;
  /** The reference input "absence" is measured against (default: zeros). */
  readonly baselines?: BaselineSpec;
  /**
   * Groups of input elements treated as one feature by perturbation and Shapley methods:
   * one integer per element of a single row (e.g. superpixels). Default: every element alone.
   */
  readonly featureMask?: Int32Array;
}

/** What an explainer returns. */
export interface Attribution {
  /** One attribution per input element, with the input's shape. */
  readonly attributions: F32;
  /** Per-row convergence delta |Σ attributions − (f(x) − f(baseline))| (methods with `hasConvergenceDelta`). */
  readonly delta?: Float64Array;
}

/**
 * The one role of the explain folder: attribute a model's output to its input elements.
 *
 * @example
 * ```ts
 * const ig = new IntegratedGradients(model, { steps: 64 });
 * const { attributions, delta } = await ig.attribute(x, { target: 3, baselines: 'zero' });
 * ```
 */
export interface Explainer {
  readonly name: string;
  /** True when the method differentiates the model (needs a differentiable graph). */
  readonly needsGradients: boolean;
  /** True when `attribute` returns a convergence delta. */
  readonly hasConvergenceDelta: boolean;
  /** The model it explains (checks and converts the inputs when it can). */
  readonly model?: ForwardModel | undefined;
  /** Attributions for every row of `inputs` (a tensor, float64 or nested number rows; converted once to float32). */
  attribute(inputs: ModelInput, opts?: AttributeOptions): Promise<Attribution>;
}

/**
 * Resolves a {@link Target} into one class index per row, checking the range.
 * @example `resolveTarget(3, 10, 10)` → Int32Array of ten 3s
 */
export function resolveTarget(target: Target | undefined, rows: number, classes: number): Int32Array {
  const out = new Int32Array(rows);
  if (target === undefined) {
    if (classes === 1) return out;
    throw new UsageError('EXPLAIN_TARGET_MISSING', `the model has ${classes} outputs per row; pass a target class (a number, one per row, or a label tensor)`, { classes });
  }
  let values: ArrayLike<number | bigint>;
  if (typeof target === 'number') values = new Array<number>(rows).fill(target);
  else if (isTensor(target)) {
    if (target.dtype === 'float32' || target.dtype === 'float64') throw new UsageError('EXPLAIN_TARGET_DTYPE', `target tensor must hold integer class indices, got ${target.dtype}`, { dtype: target.dtype });
    values = target.data;
  } else values = target;
  if (values.length !== rows && values.length !== 1) {
    throw new UsageError('EXPLAIN_TARGET_LENGTH', `expected one target per input row (${rows}) or a single target, got ${values.length}`, { expected: rows, actual: values.length });
  }
  for (let i = 0; i < rows; i++) {
    const v = Number(values[values.length === 1 ? 0 : i]);
    if (!Number.isInteger(v) || v < 0 || v >= classes) {
      throw new UsageError('EXPLAIN_TARGET_RANGE', `target ${v} at row ${i} is outside the model's ${classes} outputs [0, ${classes - 1}]`, { row: i, value: v, classes });
    }
    out[i] = v;
  }
  return out;
}

function isTensor(t: Target): t is HostTensor {
  return typeof t === 'object' && 'dtype' in t && 'data' in t;
}

/** One-hot [N, C] seed rows for the target classes. */
export function oneHot(target: Int32Array, classes: number): F32 {
  const data = new Float32Array(target.length * classes);
  target.forEach((t, i) => (data[i * classes + t] = 1));
  return { dtype: 'float32', shape: [target.length, classes], data };
}
