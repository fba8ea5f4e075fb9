/**
 * Gaussian probabilities to double precision, in log space where tails matter: TPE scores a
 * discrete value by the mass of its cell, which is a small difference of two CDFs far from a
 * kernel's centre. erf uses its all-positive series below 3 (no cancellation) and erfc a
 * continued fraction above it.
 * @module
 */

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const LOG_SQRT_PI = 0.5 * Math.log(Math.PI);
const SPLIT = 3;

/** erf(z) for 0 ≤ z < 3: 2/√π·e^{−z²}·Σ (2z²)ⁿ z / (1·3···(2n+1)). */
function erfSeries(z: number): number {
  const z2 = 2 * z * z;
  let term = z;
  let sum = z;
  for (let n = 1; n < 200 && term > 1e-17 * sum; n++) {
    term *= z2 / (2 * n + 1);
    sum += term;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-z * z) * sum;
}

/** log(erfc(z)·e^{z²}·√π) for z ≥ 3 by the continued fraction 1/(z + (1/2)/(z + 1/(z + (3/2)/(z + …)))). */
function logErfcScaledCf(z: number): number {
  let f = z;
  for (let k = 60; k >= 1; k--) f = z + k / 2 / f;
  return -Math.log(f);
}

/**
 * log erfc(z) for any real z, accurate in the far right tail.
 * @example `Math.exp(logErfc(0)) // 1`
 */
export function logErfc(z: number): number {
  if (z < 0) return Math.log(1 + erfSeriesOrOne(-z));
  if (z < SPLIT) return Math.log(1 - erfSeries(z));
  return -z * z - LOG_SQRT_PI + logErfcScaledCf(z);
}

function erfSeriesOrOne(z: number): number {
  return z < SPLIT ? erfSeries(z) : 1 - Math.exp(-z * z - LOG_SQRT_PI + logErfcScaledCf(z));
}

/**
 * erf(x) for any real x.
 * @example `erf(0) // 0`
 */
export function erf(x: number): number {
  const v = erfSeriesOrOne(Math.abs(x));
  return x < 0 ? -v : v;
}

/**
 * log Φ(a), the standard normal log CDF, accurate far into the left tail.
 * @example `logNormalCdf(0) // Math.log(0.5)`
 */
export function logNormalCdf(a: number): number {
  if (a === -Infinity) return -Infinity;
  if (a < 0) return logErfc(-a / Math.SQRT2) - Math.LN2;
  return Math.log1p(-0.5 * Math.exp(logErfc(a / Math.SQRT2)));
}

/**
 * Standard normal CDF Φ(x).
 * @example `normalCdf(0) // 0.5`
 */
export function normalCdf(x: number): number {
  return Math.exp(logNormalCdf(x));
}

/**
 * log P(a ≤ Z ≤ b) for a standard normal Z (−∞ when a ≥ b), without cancellation in either tail.
 * @example `logGaussMass(-Infinity, 0) // Math.log(0.5)`
 */
export function logGaussMass(a: number, b: number): number {
  if (!(a < b)) return -Infinity;
  if (b <= 0) return leftTailMass(a, b);
  if (a > 0) return leftTailMass(-b, -a);
  // Central: 1 − Φ(a) − Φ(−b), both terms at most ½.
  return Math.log1p(-Math.exp(logNormalCdf(a)) - Math.exp(logNormalCdf(-b)));
}

function leftTailMass(a: number, b: number): number {
  const lb = logNormalCdf(b);
  const la = logNormalCdf(a);
  return lb + Math.log1p(-Math.exp(la - lb));
}
