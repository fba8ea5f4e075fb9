/**
 * Input checks shared by metrics, frames and mitigations. Every failure is a typed error with a
 * stable code and a message that says how to fix the call.
 * @module
 */
import { DataError, UsageError } from '../core/index.js';
import type { Column, Label, MetricOptions } from './types.js';

/** Binary inputs after validation: 0/1 labels and predictions plus one weight per row. */
export interface BinaryInputs {
  readonly yTrue: Uint8Array;
  readonly yPred: Uint8Array;
  readonly weight: Float64Array;
}

/**
 * Throws `LENGTH_MISMATCH` unless `column` has `expected` rows.
 * @example `checkLength('yPred', yPred, yTrue.length);`
 */
export function checkLength(name: string, column: ArrayLike<unknown>, expected: number): void {
  if (column.length !== expected) {
    throw new UsageError(
      'LENGTH_MISMATCH',
      `${name} has ${column.length} rows but yTrue has ${expected}; pass one value per row.`,
      { name, expected, actual: column.length },
    );
  }
}

/**
 * Sample weights as a Float64Array (all ones when absent); rejects negative or non-finite weights.
 * @example `const w = resolveWeights(options.sampleWeight, yTrue.length);`
 */
export function resolveWeights(sampleWeight: Column<number> | undefined, n: number): Float64Array {
  const w = new Float64Array(n);
  if (sampleWeight === undefined) return w.fill(1);
  checkLength('sampleWeight', sampleWeight, n);
  for (let i = 0; i < n; i++) {
    const v = sampleWeight[i]!;
    if (!Number.isFinite(v) || v < 0) {
      throw new DataError('INVALID_SAMPLE_WEIGHT', `sampleWeight[${i}] is ${v}; weights must be finite and >= 0.`, {
        index: i,
        value: v,
      });
    }
    w[i] = v;
  }
  return w;
}

/**
 * Sum of the weights of a fit; throws `ZERO_TOTAL_WEIGHT` unless it is positive (nothing to fit).
 * @example `const total = fitWeightTotal(resolveWeights(sampleWeight, n));`
 */
export function fitWeightTotal(weight: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < weight.length; i++) total += weight[i]!;
  if (!(total > 0)) {
    throw new UsageError('ZERO_TOTAL_WEIGHT', `the ${weight.length} sample weights sum to ${total}, so there is nothing to fit; give some rows a positive weight.`, {
      rows: weight.length,
      sum: total,
    });
  }
  return total;
}

/**
 * Throws `PREDICTIONS_ARE_PROBABILITIES` when `yPred` holds fractional numbers where labels are
 * expected (a classifier's scores passed to a label metric).
 * @example `assertLabelPredictions(yPred);`
 */
export function assertLabelPredictions(yPred: Column): void {
  for (let i = 0; i < yPred.length; i++) {
    const v = yPred[i];
    if (typeof v === 'number' && !Number.isInteger(v)) {
      throw new UsageError(
        'PREDICTIONS_ARE_PROBABILITIES',
        `yPred[${i}] is ${v}, which looks like a probability or score, but this metric expects ` +
          'predicted labels. Threshold the scores first (for example p >= 0.5 ? 1 : 0), or use a ' +
          'score metric such as expectedCalibrationError or ThresholdOptimizer.',
        { index: i, value: v },
      );
    }
  }
}

function distinct(columns: readonly Column[]): Label[] {
  const seen = new Set<Label>();
  for (const c of columns) for (let i = 0; i < c.length; i++) seen.add(c[i]!);
  return [...seen];
}

/** The positive label implied by the values when none is given, or an error. */
function impliedPositive(values: readonly Label[]): Label {
  if (values.length > 2) {
    throw new UsageError(
      'LABELS_NOT_BINARY',
      `Labels take ${values.length} distinct values (${values.slice(0, 5).map(String).join(', ')}${
        values.length > 5 ? ', ...' : ''
      }) but this metric is binary. Pass { posLabel } to binarise one class against the rest, or ` +
        'wrap the metric with oneVsRest(metric, classes).',
      { values: values.slice(0, 20) },
    );
  }
  if (values.every((v) => typeof v === 'boolean')) return true;
  if (values.every((v) => v === 0 || v === 1)) return 1;
  if (values.every((v) => v === -1 || v === 1)) return 1;
  throw new UsageError(
    'POS_LABEL_REQUIRED',
    `Labels are {${values.map(String).join(', ')}}, not 0/1, -1/1 or booleans, so the positive class ` +
      'is ambiguous. Pass { posLabel } naming the positive class.',
    { values },
  );
}

/**
 * Maps a column to 0/1 with `posLabel` as 1.
 * @example `binarize(['a', 'b'], 'b') // Uint8Array [0, 1]`
 */
export function binarize(column: Column, posLabel: Label): Uint8Array {
  const out = new Uint8Array(column.length);
  for (let i = 0; i < column.length; i++) out[i] = column[i] === posLabel ? 1 : 0;
  return out;
}

/**
 * Resolves the positive label for `columns`: `posLabel` when given, else the one implied by 0/1,
 * -1/1 or boolean values; throws `LABELS_NOT_BINARY` or `POS_LABEL_REQUIRED` otherwise.
 * @example `resolvePosLabel([[0, 1, 1]]) // 1`
 */
export function resolvePosLabel(columns: readonly Column[], posLabel?: Label): Label {
  return posLabel ?? impliedPositive(distinct(columns));
}

/**
 * Validates binary label metric inputs and converts them to 0/1 arrays plus weights.
 * @example `const { yTrue, yPred, weight } = binaryInputs([0, 1], [1, 1]);`
 */
export function binaryInputs(yTrue: Column, yPred: Column, options: MetricOptions = {}): BinaryInputs {
  checkLength('yPred', yPred, yTrue.length);
  assertLabelPredictions(yPred);
  const pos = resolvePosLabel([yTrue, yPred], options.posLabel);
  return {
    yTrue: binarize(yTrue, pos),
    yPred: binarize(yPred, pos),
    weight: resolveWeights(options.sampleWeight, yTrue.length),
  };
}

/**
 * Validates probability scores in [0, 1] and returns them as a Float64Array.
 * @example `const p = probabilityInputs(scores);`
 */
export function probabilityInputs(scores: Column<number>, name = 'yProb'): Float64Array {
  const out = new Float64Array(scores.length);
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i]!;
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
      throw new UsageError('PROBABILITIES_OUT_OF_RANGE', `${name}[${i}] is ${String(v)}; expected a probability in [0, 1].`, {
        index: i,
        value: v,
      });
    }
    out[i] = v;
  }
  return out;
}
