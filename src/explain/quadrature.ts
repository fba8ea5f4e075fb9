import { UsageError } from '../core/index.js';

/** Integration rules for path methods on [0, 1]. */
export type QuadratureRule = 'riemann-left' | 'riemann-right' | 'riemann-middle' | 'trapezoid' | 'gauss-legendre';

/** Names of the {@link QuadratureRule}s (for the CLI and validation). */
export const QUADRATURE_RULES: readonly QuadratureRule[] = ['riemann-left', 'riemann-right', 'riemann-middle', 'trapezoid', 'gauss-legendre'];

/** Points α_k in [0, 1] and weights w_k with Σ w_k f(α_k) ≈ ∫₀¹ f. */
export interface Quadrature {
  readonly alphas: Float64Array;
  readonly weights: Float64Array;
}

/**
 * The points and weights of `rule` with `steps` evaluations.
 * @example `quadrature('trapezoid', 3)` → alphas [0, 0.5, 1], weights [0.25, 0.5, 0.25]
 */
export function quadrature(rule: QuadratureRule, steps: number): Quadrature {
  if (!Number.isInteger(steps) || steps < 1 || (rule === 'trapezoid' && steps < 2)) {
    throw new UsageError('EXPLAIN_STEPS', `${rule} needs an integer number of steps ≥ ${rule === 'trapezoid' ? 2 : 1}, got ${steps}`, { rule, steps });
  }
  const alphas = new Float64Array(steps);
  const weights = new Float64Array(steps);
  switch (rule) {
    case 'riemann-left':
    case 'riemann-right':
    case 'riemann-middle': {
      const shift = rule === 'riemann-left' ? 0 : rule === 'riemann-right' ? 1 : 0.5;
      for (let k = 0; k < steps; k++) {
        alphas[k] = (k + shift) / steps;
        weights[k] = 1 / steps;
      }
      break;
    }
    case 'trapezoid':
      for (let k = 0; k < steps; k++) {
        alphas[k] = k / (steps - 1);
        weights[k] = (k === 0 || k === steps - 1 ? 0.5 : 1) / (steps - 1);
      }
      break;
    case 'gauss-legendre':
      gaussLegendre(steps, alphas, weights);
      break;
  }
  return { alphas, weights };
}

/** Gauss–Legendre nodes on [0, 1] by Newton's method on the Legendre polynomial P_n. */
function gaussLegendre(n: number, alphas: Float64Array, weights: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 1;
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1;
      let p1 = z;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      dp = (n * (z * p1 - p0)) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-15) break;
    }
    alphas[n - 1 - i] = (1 + z) / 2;
    weights[n - 1 - i] = 1 / ((1 - z * z) * dp * dp);
  }
}
