import { UsageError, Rng, randomSeed } from '../../core/index.js';
import type { CategoricalChoice, Distribution } from '../distributions/index.js';
import type { JsonValue, StudySnapshot } from '../trial/index.js';
import { RandomSampler } from './random-sampler.js';
import type { RelativeSample, Sampler, SamplingContext } from './sampler.js';

/** Options of {@link GridSampler}. */
export interface GridSamplerOptions {
  /** Values to try per parameter; the grid is their Cartesian product. */
  readonly searchSpace: Readonly<Record<string, readonly CategoricalChoice[]>>;
  /** Seed of the visiting order (default: a fixed order, grid index order). */
  readonly seed?: number;
}

const GRID_ID = 'grid:id';

/**
 * Exhaustive search over a Cartesian grid. Each trial takes the next unvisited grid point
 * (stored as the trial's fixed parameters); `optimize` stops once every point was visited.
 * Parameters the objective suggests outside the grid are sampled at random.
 *
 * @example
 * ```ts
 * const sampler = new GridSampler({ searchSpace: { lr: [0.1, 0.01], layers: [1, 2, 3] } });
 * ```
 */
export class GridSampler implements Sampler {
  readonly name = 'grid';
  private readonly names: readonly string[];
  private readonly values: readonly (readonly CategoricalChoice[])[];
  private readonly order: readonly number[];
  private readonly fallback: RandomSampler;
  /** Number of grid points. */
  readonly size: number;

  constructor(options: GridSamplerOptions) {
    this.names = Object.keys(options.searchSpace).sort();
    this.values = this.names.map((n) => {
      const v = options.searchSpace[n]!;
      if (v.length === 0) throw new UsageError('EMPTY_GRID', `GridSampler: parameter "${n}" has no values; give at least one.`, { name: n });
      return v.slice();
    });
    this.size = this.values.reduce((a, v) => a * v.length, 1);
    const ids = [...Array(this.size).keys()];
    this.order = options.seed === undefined ? ids : new Rng(options.seed).shuffle(ids);
    this.fallback = new RandomSampler({ seed: options.seed ?? randomSeed() });
  }

  /** The grid point with index `id` as parameter values. */
  point(id: number): Record<string, CategoricalChoice> {
    const out: Record<string, CategoricalChoice> = {};
    let rest = id;
    for (let i = this.names.length - 1; i >= 0; i--) {
      const v = this.values[i]!;
      out[this.names[i]!] = v[rest % v.length]!;
      rest = Math.floor(rest / v.length);
    }
    return out;
  }

  sampleRelative(context: SamplingContext): RelativeSample | undefined {
    if (context.trial.systemAttrs['fixedParams'] !== undefined) return undefined;
    const visited = visitedIds(context.study);
    const id = this.order.find((i) => !visited.has(i)) ?? this.order[0]!;
    const fixed: Record<string, JsonValue> = this.point(id);
    return { searchSpace: {}, params: {}, systemAttrs: { [GRID_ID]: id, fixedParams: fixed } };
  }

  sampleIndependent(context: SamplingContext, name: string, distribution: Distribution): number {
    return this.fallback.sampleIndependent(context, name, distribution);
  }

  isExhausted(study: StudySnapshot): boolean {
    return visitedIds(study).size >= this.size;
  }
}

function visitedIds(study: StudySnapshot): Set<number> {
  const out = new Set<number>();
  for (const t of study.trials) {
    const id = t.systemAttrs[GRID_ID];
    if (typeof id === 'number' && t.state !== 'WAITING') out.add(id);
  }
  return out;
}
