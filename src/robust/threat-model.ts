import { DataError, UsageError, type HostTensor } from '../core/index.js';

/** Perturbation norms an attack can bound. */
export type Norm = 'linf' | 'l2';

/** Every norm name Keel's attacks know (for CLI parsing and errors). */
export const NORMS: readonly Norm[] = ['linf', 'l2'];

/**
 * What the adversary may do: move each input at most `eps` in `norm`, and stay inside the valid
 * input box `clip` (default [0, 1]).
 */
export interface ThreatModel {
  readonly eps: number;
  readonly norm?: Norm;
  /** Valid input range [low, high]; every adversarial input lies inside it. Default [0, 1]. */
  readonly clip?: readonly [number, number];
}

/** Options of one {@link Attack.perturb} call. */
export interface PerturbOptions extends ThreatModel {
  /** Seed for every random choice (random starts, restarts, square positions). Default 0. */
  readonly seed?: number;
  /** Target classes [N] for a targeted attack (the attack then tries to reach them). */
  readonly targets?: HostTensor;
}

/** A validated threat model with defaults filled in. */
export interface Ball {
  readonly eps: number;
  readonly norm: Norm;
  readonly low: number;
  readonly high: number;
}

/**
 * Checks a threat model against what an attack supports: eps ≥ 0 and finite, a supported norm,
 * a proper box. Throws typed {@link UsageError}s.
 *
 * @example `const ball = checkThreat({ eps: 0.1 }, ['linf'], 'fgsm');`
 */
export function checkThreat(t: ThreatModel, supported: readonly Norm[], attack: string): Ball {
  if (!Number.isFinite(t.eps) || t.eps < 0) {
    throw new UsageError('ATTACK_EPS', `${attack}: eps must be a finite number ≥ 0, got ${t.eps}`, { attack, eps: t.eps });
  }
  const norm = t.norm ?? 'linf';
  if (!supported.includes(norm)) {
    throw new UsageError('ATTACK_NORM', `${attack} does not support the ${norm} norm (supported: ${supported.join(', ')}); pick one of those with --norm`, { attack, norm, supported });
  }
  const [low, high] = t.clip ?? [0, 1];
  if (!(Number.isFinite(low) && Number.isFinite(high) && low < high)) {
    throw new UsageError('ATTACK_CLIP', `${attack}: the input box must be LOW,HIGH with LOW < HIGH, got [${low}, ${high}]`, { attack, low, high });
  }
  return { eps: t.eps, norm, low, high };
}

/**
 * Checks that every input lies inside the declared box (a data error: the threat model would
 * otherwise be meaningless) and returns float32 data.
 */
export function checkInputBox(x: HostTensor, ball: Ball): Float32Array {
  if (x.dtype !== 'float32' && x.dtype !== 'float64') {
    throw new DataError('ATTACK_INPUT_DTYPE', `inputs must be float32 or float64, got ${x.dtype}`, { actual: x.dtype });
  }
  const data = x.dtype === 'float32' ? (x.data as Float32Array) : Float32Array.from(x.data as Float64Array);
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!(v >= ball.low && v <= ball.high)) {
      throw new DataError('ATTACK_INPUT_BOX', `input element ${i} is ${v}, outside the declared box [${ball.low}, ${ball.high}]; rescale the data or pass the right --clip LOW,HIGH`, { index: i, value: v, low: ball.low, high: ball.high });
    }
  }
  return data;
}

/** Checks labels: one integer per row, each in [0, classes). Returns them as an Int32Array. */
export function checkClassLabels(y: HostTensor, rows: number, classes: number, what = 'labels'): Int32Array {
  if (y.dtype === 'float32' || y.dtype === 'float64' || y.dtype === 'bool') {
    throw new DataError('ATTACK_LABELS', `${what} must be integer class indices, got ${y.dtype}`, { actual: y.dtype });
  }
  if (y.shape.length !== 1 || y.shape[0] !== rows) {
    throw new DataError('ATTACK_LABELS', `expected ${rows} ${what} (one per input row) as a 1-D array, got shape [${y.shape.join(',')}]`, { expected: rows, actual: y.shape });
  }
  const out = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const v = Number(y.data[i]);
    if (!Number.isInteger(v) || v < 0 || v >= classes) {
      throw new DataError('ATTACK_LABELS', `${what}: value ${v} at row ${i} is not one of the model's ${classes} classes [0, ${classes - 1}]`, { row: i, value: v, classes });
    }
    out[i] = v;
  }
  return out;
}

/**
 * Projects `adv` (row-major, `dim` values per row) in place onto the ε-ball around `x` and then
 * onto the box: the result is inside both (for L∞ exactly; for L2 the box clip only shrinks δ).
 */
export function project(adv: Float32Array, x: Float32Array, dim: number, ball: Ball): void {
  const { eps, low, high } = ball;
  if (ball.norm === 'linf') {
    for (let i = 0; i < adv.length; i++) {
      const xi = x[i]!;
      // Math.fround keeps the float32 bounds exact: x ± eps rounded inward.
      const lo = Math.max(low, inward(xi, -eps)), hi = Math.min(high, inward(xi, eps));
      const v = adv[i]!;
      adv[i] = v < lo ? lo : v > hi ? hi : v;
    }
    return;
  }
  const rows = adv.length / dim;
  for (let r = 0; r < rows; r++) {
    const o = r * dim;
    let s = 0;
    for (let j = o; j < o + dim; j++) s += (adv[j]! - x[j]!) ** 2;
    const n = Math.sqrt(s);
    const f = n > eps ? (eps / n) * (1 - 1e-6) : 1;
    for (let j = o; j < o + dim; j++) {
      const v = x[j]! + (adv[j]! - x[j]!) * f;
      adv[j] = v < low ? low : v > high ? high : v;
    }
  }
}

/**
 * Per-element bounds of the L∞ ball intersected with the box, exactly representable in float32:
 * clamping to [lo, hi] is then the same as {@link project} (computed once, reused every step).
 * @example `const { lo, hi } = linfBounds(x, ball);`
 */
export function linfBounds(x: Float32Array, ball: Ball): { lo: Float32Array; hi: Float32Array } {
  const lo = new Float32Array(x.length);
  const hi = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    lo[i] = Math.max(ball.low, inward(x[i]!, -ball.eps));
    hi[i] = Math.min(ball.high, inward(x[i]!, ball.eps));
  }
  return { lo, hi };
}

// Scratch for float32 bit twiddling in inward(): no allocation per element.
const f32 = new Float32Array(1);
const bits = new Int32Array(f32.buffer);

/** x + d rounded to float32 so that |fround(x + d) − x| ≤ |d|. */
function inward(x: number, d: number): number {
  const v = Math.fround(x + d);
  if (Math.abs(v - x) <= Math.abs(d)) return v;
  // One float32 ulp back toward x.
  f32[0] = v;
  bits[0] = bits[0]! + ((v > 0) === (d > 0) ? -1 : 1);
  return f32[0];
}

/** Largest per-row perturbation norm of `adv − x`. */
export function perturbationNorms(adv: Float32Array, x: Float32Array, dim: number, norm: Norm): Float64Array {
  const rows = adv.length / dim;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let m = 0;
    for (let j = r * dim; j < (r + 1) * dim; j++) {
      const d = Math.abs(adv[j]! - x[j]!);
      m = norm === 'linf' ? Math.max(m, d) : m + d * d;
    }
    out[r] = norm === 'linf' ? m : Math.sqrt(m);
  }
  return out;
}
