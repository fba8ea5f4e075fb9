import { UsageError } from '../../core/index.js';

/** A value a categorical parameter may take. */
export type CategoricalChoice = string | number | boolean | null;
/** The external value of any parameter. */
export type ParamValue = CategoricalChoice;

/** A real-valued parameter on [low, high], optionally log-scaled or on a `step` grid. */
export interface FloatDistribution {
  readonly kind: 'float';
  readonly low: number;
  readonly high: number;
  readonly log: boolean;
  readonly step: number | null;
}

/** An integer parameter on [low, high] with a `step` (default 1), optionally log-scaled. */
export interface IntDistribution {
  readonly kind: 'int';
  readonly low: number;
  readonly high: number;
  readonly log: boolean;
  readonly step: number;
}

/** One of a fixed list of choices; internally represented by the choice's index. */
export interface CategoricalDistribution {
  readonly kind: 'categorical';
  readonly choices: readonly CategoricalChoice[];
}

/** Any parameter distribution. Plain, frozen, JSON-serialisable data. */
export type Distribution = FloatDistribution | IntDistribution | CategoricalDistribution;

/** Scale and grid options of `suggestFloat` / `suggestInt`. */
export interface NumericOptions {
  /** Sample on a logarithmic scale (requires low > 0 and no step). */
  readonly log?: boolean;
  /** Grid spacing; values are low, low + step, ... ≤ high. */
  readonly step?: number;
}

function checkRange(name: string, low: number, high: number): void {
  if (!Number.isFinite(low) || !Number.isFinite(high)) {
    throw new UsageError('INVALID_RANGE', `Parameter "${name}": low and high must be finite numbers, got [${low}, ${high}].`, { name, low, high });
  }
  if (low > high) {
    throw new UsageError('INVALID_RANGE', `Parameter "${name}": low (${low}) must be ≤ high (${high}). Swap the bounds.`, { name, low, high });
  }
}

function checkScale(name: string, low: number, high: number, options: NumericOptions): void {
  const { log = false, step } = options;
  if (log && step !== undefined) {
    throw new UsageError('LOG_WITH_STEP', `Parameter "${name}": log scale and step cannot be combined; drop one of them.`, { name, step });
  }
  if (log && low <= 0) {
    throw new UsageError('INVALID_LOG_RANGE', `Parameter "${name}": a log-scaled range needs low > 0, got low = ${low}. Use a positive lower bound or a linear scale.`, { name, low, high });
  }
  if (step !== undefined && !(Number.isFinite(step) && step > 0)) {
    throw new UsageError('INVALID_STEP', `Parameter "${name}": step must be a positive finite number, got ${step}.`, { name, step });
  }
}

/** Largest low + k·step ≤ high, guarding against floating-point drift. */
function alignHigh(low: number, high: number, step: number): number {
  const k = Math.floor((high - low) / step + 1e-9);
  return roundTo(low + k * step, step);
}

function roundTo(value: number, step: number): number {
  const decimals = Math.max(0, Math.min(15, Math.ceil(-Math.log10(step)) + 2));
  return Number(value.toFixed(decimals));
}

/**
 * Validates and builds a float distribution. `high` is lowered to the last grid point when a
 * step does not divide the range.
 *
 * @example
 * ```ts
 * floatDistribution('lr', 1e-5, 1e-1, { log: true });
 * ```
 */
export function floatDistribution(name: string, low: number, high: number, options: NumericOptions = {}): FloatDistribution {
  checkRange(name, low, high);
  checkScale(name, low, high, options);
  const step = options.step ?? null;
  return Object.freeze({ kind: 'float', low, high: step === null ? high : alignHigh(low, high, step), log: options.log ?? false, step });
}

/**
 * Validates and builds an integer distribution.
 *
 * @example
 * ```ts
 * intDistribution('layers', 1, 8);
 * ```
 */
export function intDistribution(name: string, low: number, high: number, options: NumericOptions = {}): IntDistribution {
  checkRange(name, low, high);
  checkScale(name, low, high, options);
  const step = options.step ?? 1;
  if (!Number.isInteger(low) || !Number.isInteger(high) || !Number.isInteger(step)) {
    throw new UsageError('NOT_INTEGER', `Parameter "${name}": suggestInt needs integer low, high and step, got [${low}, ${high}] step ${step}. Use suggestFloat for real values.`, { name, low, high, step });
  }
  return Object.freeze({ kind: 'int', low, high: low + Math.floor((high - low) / step) * step, log: options.log ?? false, step });
}

/**
 * Validates and builds a categorical distribution (choices must be distinct).
 *
 * @example
 * ```ts
 * categoricalDistribution('optimizer', ['adam', 'sgd']);
 * ```
 */
export function categoricalDistribution(name: string, choices: readonly CategoricalChoice[]): CategoricalDistribution {
  if (choices.length === 0) {
    throw new UsageError('EMPTY_CHOICES', `Parameter "${name}": suggestCategorical needs at least one choice.`, { name });
  }
  if (new Set(choices).size !== choices.length) {
    throw new UsageError('DUPLICATE_CHOICES', `Parameter "${name}": categorical choices must be distinct.`, { name, choices });
  }
  for (const c of choices) {
    if (typeof c === 'number' && !Number.isFinite(c)) {
      throw new UsageError('INVALID_CHOICE', `Parameter "${name}": numeric choices must be finite, got ${c}.`, { name });
    }
  }
  return Object.freeze({ kind: 'categorical', choices: Object.freeze(choices.slice()) });
}

/**
 * True when two distributions are identical (same kind, bounds, scale, step, choices).
 * @example `sameDistribution(a, b)`
 */
export function sameDistribution(a: Distribution, b: Distribution): boolean {
  if (a.kind === 'categorical' || b.kind === 'categorical') {
    return a.kind === b.kind && b.kind === 'categorical' && a.kind === 'categorical'
      && a.choices.length === b.choices.length && a.choices.every((c, i) => c === b.choices[i]);
  }
  return a.kind === b.kind && a.low === b.low && a.high === b.high && a.log === b.log && a.step === b.step;
}

/**
 * Internal (numeric) representation: the value itself for numbers, the index for choices.
 * Returns undefined when the value does not belong to the distribution's kind.
 *
 * @example `toInternal(categoricalDistribution('o', ['a', 'b']), 'b') // 1`
 */
export function toInternal(distribution: Distribution, value: ParamValue): number | undefined {
  if (distribution.kind === 'categorical') {
    const i = distribution.choices.indexOf(value);
    return i < 0 ? undefined : i;
  }
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * External value for an internal representation produced by {@link toInternal}.
 * @example `toExternal(categoricalDistribution('o', ['a', 'b']), 1) // 'b'`
 */
export function toExternal(distribution: Distribution, internal: number): ParamValue {
  if (distribution.kind === 'categorical') return distribution.choices[internal] ?? null;
  return internal;
}

/**
 * True when `value` is a legal value of the distribution (in bounds, on the grid, right type).
 * @example `contains(intDistribution('n', 0, 10, { step: 2 }), 4) // true`
 */
export function contains(distribution: Distribution, value: ParamValue): boolean {
  if (distribution.kind === 'categorical') return distribution.choices.includes(value);
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (value < distribution.low || value > distribution.high) return false;
  if (distribution.kind === 'int' && !Number.isInteger(value)) return false;
  if (distribution.step !== null) {
    const k = (value - distribution.low) / distribution.step;
    return Math.abs(k - Math.round(k)) < 1e-8;
  }
  return true;
}

/**
 * Moves any number onto the distribution: clamps to bounds, rounds to the grid or integers,
 * and maps categorical indices into range. Samplers call this on their raw output.
 *
 * @example `snapToDistribution(intDistribution('n', 0, 10), 3.7) // 4`
 */
export function snapToDistribution(distribution: Distribution, internal: number): number {
  if (distribution.kind === 'categorical') {
    const n = distribution.choices.length;
    return Number.isFinite(internal) ? Math.min(n - 1, Math.max(0, Math.round(internal))) : 0;
  }
  const { low, high, step } = distribution;
  let v = Number.isFinite(internal) ? Math.min(high, Math.max(low, internal)) : low;
  if (step !== null) {
    v = low + Math.round((v - low) / step) * step;
    v = distribution.kind === 'int' ? Math.round(v) : roundTo(v, step);
    v = Math.min(high, Math.max(low, v));
  } else if (distribution.kind === 'int') {
    v = Math.round(v);
  }
  return v;
}

/**
 * True when the distribution has exactly one possible value.
 * @example `isSingleValue(floatDistribution('x', 1, 1)) // true`
 */
export function isSingleValue(distribution: Distribution): boolean {
  return distribution.kind === 'categorical' ? distribution.choices.length === 1 : distribution.low === distribution.high;
}
