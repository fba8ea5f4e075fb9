import type { Distribution } from '../../distributions/index.js';
import { fromUnit, toInternal, toUnit } from '../../distributions/index.js';
import { Rng } from '../../../core/index.js';
import type { FrozenTrial } from '../../trial/index.js';
import { RelativeSampler } from '../relative-sampler.js';
import type { RelativeSample, SamplingContext, SearchSpace } from '../sampler.js';
import { intersectionSearchSpace } from '../search-space.js';
import { replayGenerations } from '../generations.js';
import { cmaConstants, initialCmaState, sampleCma, updateCma } from './cma-state.js';

/** Options of {@link CmaEsSampler}. */
export interface CmaEsSamplerOptions {
  readonly seed?: number;
  /** Initial step size in the unit cube (default 1/6). */
  readonly sigma0?: number;
  /** Population size λ (default 4 + ⌊3 ln d⌋). */
  readonly popsize?: number;
}

const GENERATION = 'cmaes:generation';

/**
 * CMA-ES over the continuous (float and int) parameters every completed trial shares, in the
 * unit cube of their natural scales. The strategy state is not stored: it is replayed from the
 * completed trials of each generation, so any number of processes can share one study.
 * Categorical and conditional parameters are sampled at random.
 * Single-objective studies only (multi-objective studies fall back to random sampling).
 *
 * @example
 * ```ts
 * const study = await createStudy({ sampler: new CmaEsSampler({ seed: 0 }) });
 * ```
 */
export class CmaEsSampler extends RelativeSampler<CmaEsSamplerOptions> {
  readonly name = 'cmaes';

  constructor(options: CmaEsSamplerOptions = {}) {
    super(options);
  }

  override sampleRelative(context: SamplingContext): RelativeSample | undefined {
    if (context.study.directions.length !== 1) return undefined;
    const complete = context.study.trials.filter((t) => t.state === 'COMPLETE' && t.values !== null);
    if (complete.length === 0) return undefined;
    const space = numericOnly(intersectionSearchSpace(complete));
    const names = Object.keys(space);
    if (names.length === 0) return undefined;
    const constants = cmaConstants(names.length, this.options.popsize);
    const state = initialCmaState(new Array<number>(names.length).fill(0.5), this.options.sigma0 ?? 1 / 6);
    const sign = context.study.directions[0] === 'maximize' ? -1 : 1;
    const hasAll = (t: FrozenTrial): boolean => names.every((n) => t.distributions[n] !== undefined);
    replayGenerations(complete, GENERATION, hasAll, constants.lambda, (group) => {
      const members = group.slice(0, constants.lambda);
      const points = members.map((t) => names.map((n) => unitOf(space[n]!, t, n)));
      updateCma(state, constants, points, members.map((t) => sign * t.values![0]!));
    });
    const x = sampleCma(state, Rng.derive(this.seed, 'cmaes', context.trial.number));
    const params: Record<string, number> = {};
    names.forEach((n, i) => (params[n] = fromUnit(space[n]!, x[i]!)));
    return { searchSpace: space, params, systemAttrs: { [GENERATION]: state.generation } };
  }

}

function numericOnly(space: SearchSpace): SearchSpace {
  return Object.fromEntries(Object.entries(space).filter(([, d]) => d.kind !== 'categorical'));
}

function unitOf(d: Distribution, t: FrozenTrial, name: string): number {
  const v = toInternal(d, t.params[name] ?? null);
  return v === undefined ? 0.5 : Math.min(1, Math.max(0, toUnit(d, v)));
}
