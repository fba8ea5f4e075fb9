import type { Distribution } from '../distributions/index.js';
import { sameDistribution } from '../distributions/index.js';
import type { FrozenTrial } from '../trial/index.js';
import type { SearchSpace } from './sampler.js';

/**
 * Parameters present, with the same distribution, in every given trial: the part of a
 * conditional search space that relative samplers can model jointly. Single-value
 * distributions are left out (nothing to sample).
 *
 * @example
 * ```ts
 * intersectionSearchSpace(complete) // { lr: FloatDistribution, layers: IntDistribution }
 * ```
 */
export function intersectionSearchSpace(trials: readonly FrozenTrial[]): SearchSpace {
  let space: Map<string, Distribution> | undefined;
  for (const t of trials) {
    if (space === undefined) {
      space = new Map(Object.entries(t.distributions));
      continue;
    }
    for (const [name, d] of space) {
      const other = t.distributions[name];
      if (other === undefined || !sameDistribution(other, d)) space.delete(name);
    }
  }
  const out: Record<string, Distribution> = {};
  for (const [name, d] of [...(space ?? new Map<string, Distribution>()).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (d.kind === 'categorical' ? d.choices.length > 1 : d.low < d.high) out[name] = d;
  }
  return out;
}

