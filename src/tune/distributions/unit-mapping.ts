import type { Distribution } from './distribution.js';
import { snapToDistribution } from './distribution.js';

/**
 * Maps u ∈ [0, 1) onto a distribution's internal representation, uniformly over its natural
 * scale: log space for log-scaled ranges, grid points for stepped ranges, indices for choices.
 * Random, quasi-random and CMA-ES samplers all work in this unit cube.
 *
 * @example `fromUnit(floatDistribution('lr', 1e-4, 1, { log: true }), 0.5) // 0.01`
 */
export function fromUnit(distribution: Distribution, u: number): number {
  const t = Math.min(Math.max(u, 0), 1);
  if (distribution.kind === 'categorical') {
    return Math.min(distribution.choices.length - 1, Math.floor(t * distribution.choices.length));
  }
  const { low, high, step, log } = distribution;
  if (log) {
    const pad = distribution.kind === 'int' ? 0.5 : 0;
    const a = Math.log(low - pad);
    const b = Math.log(high + pad);
    return snapToDistribution(distribution, Math.exp(a + t * (b - a)));
  }
  if (step !== null) {
    const n = Math.round((high - low) / step);
    const k = Math.min(n, Math.floor(t * (n + 1)));
    return snapToDistribution(distribution, low + k * step);
  }
  return snapToDistribution(distribution, low + t * (high - low));
}

/**
 * Inverse of {@link fromUnit}: the centre of the unit interval cell a value maps from.
 * @example `toUnit(intDistribution('n', 0, 1), 1) // 0.75`
 */
export function toUnit(distribution: Distribution, internal: number): number {
  if (distribution.kind === 'categorical') {
    return (internal + 0.5) / distribution.choices.length;
  }
  const { low, high, step, log } = distribution;
  if (log) {
    const pad = distribution.kind === 'int' ? 0.5 : 0;
    const a = Math.log(low - pad);
    const b = Math.log(high + pad);
    return b === a ? 0.5 : (Math.log(internal) - a) / (b - a);
  }
  if (step !== null) {
    const n = Math.round((high - low) / step);
    return (Math.round((internal - low) / step) + 0.5) / (n + 1);
  }
  return high === low ? 0.5 : (internal - low) / (high - low);
}
