import type { Distribution } from '../../distributions/index.js';
import { toInternal } from '../../distributions/index.js';
import { Rng } from '../../../core/index.js';
import type { FrozenTrial, JsonValue, StudySnapshot, TrialState } from '../../trial/index.js';
import type { ConstraintsFunction } from '../constraints.js';
import { constrainedDominates, constraintAttrs } from '../constraints.js';
import { RelativeSampler } from '../relative-sampler.js';
import type { RelativeSample, SamplingContext } from '../sampler.js';
import { intersectionSearchSpace } from '../search-space.js';
import { replayGenerations } from '../generations.js';
import { selectElite } from './elite-population.js';

/** Options of {@link Nsga2Sampler}. */
export interface Nsga2SamplerOptions {
  readonly seed?: number;
  /** Trials per generation (default 50). */
  readonly populationSize?: number;
  /** Chance that a parameter of a child is re-drawn at random (default 1 / number of parameters). */
  readonly mutationProb?: number;
  /** Chance that a child mixes two parents rather than copying one (default 0.9). */
  readonly crossoverProb?: number;
  /** Chance that uniform crossover takes a parameter from the second parent (default 0.5). */
  readonly swappingProb?: number;
  /** Constraint values of a finished trial, feasible when all ≤ 0 (constrained domination). */
  readonly constraints?: ConstraintsFunction;
}

const GENERATION = 'nsga2:generation';

/**
 * NSGA-II (Deb et al. 2002) for single- and multi-objective studies. Generation 0 is random;
 * each later trial is a child of two parents chosen by binary tournament from the elite of the
 * previous generation and its parents (non-dominated fronts, then crowding distance), mixed by
 * uniform crossover and mutated by re-drawing parameters at random. Generations are stored on
 * trials (`nsga2:generation`, as Optuna names it) and the elite is replayed from the history,
 * so processes sharing a study agree. With `constraints`, infeasible trials lose to feasible
 * ones and to less violating ones.
 *
 * @example
 * ```ts
 * const study = await createStudy({ directions: ['minimize', 'minimize'], sampler: new Nsga2Sampler({ seed: 0, populationSize: 20 }) });
 * ```
 */
export class Nsga2Sampler extends RelativeSampler<Nsga2SamplerOptions> {
  readonly name = 'nsga2';

  constructor(options: Nsga2SamplerOptions = {}) {
    super(options);
  }

  override sampleRelative(context: SamplingContext): RelativeSample | undefined {
    const { generation, parents } = this.parentPopulation(context.study);
    const systemAttrs = { [GENERATION]: generation + 1 };
    if (generation < 0 || parents.length === 0) return { searchSpace: {}, params: {}, systemAttrs };
    const space = intersectionSearchSpace(context.study.trials.filter((t) => t.state === 'COMPLETE'));
    const names = Object.keys(space);
    const rng = Rng.derive(this.seed, 'nsga2', context.trial.number);
    const first = this.tournament(parents, context.study, rng);
    const child: Record<string, number> = {};
    if (rng.uniform() < (this.options.crossoverProb ?? 0.9)) {
      const others = parents.filter((t) => t !== first);
      const second = others.length === 0 ? first : this.tournament(others, context.study, rng);
      const swap = this.options.swappingProb ?? 0.5;
      for (const n of names) child[n] = internal(space[n]!, (rng.uniform() < swap ? second : first).params[n]);
    } else {
      for (const n of names) child[n] = internal(space[n]!, first.params[n]);
    }
    const mutation = this.options.mutationProb ?? 1 / Math.max(1, names.length);
    const params: Record<string, number> = {};
    // A mutated parameter is left out: sampleIndependent then draws it at random.
    for (const n of names) if (rng.uniform() >= mutation && Number.isFinite(child[n])) params[n] = child[n]!;
    return { searchSpace: Object.fromEntries(Object.keys(params).map((n) => [n, space[n]!])), params, systemAttrs };
  }

  afterTrial(trial: FrozenTrial, state: TrialState): Readonly<Record<string, JsonValue>> | undefined {
    return this.options.constraints === undefined ? undefined : constraintAttrs(this.options.constraints, trial, state);
  }

  /** Binary tournament: of two random members, the one that dominates (else the first drawn). */
  private tournament(population: readonly FrozenTrial[], study: StudySnapshot, rng: Rng): FrozenTrial {
    const a = population[rng.int(population.length)]!;
    const b = population[rng.int(population.length)]!;
    return constrainedDominates(b, a, study.directions, this.options.constraints !== undefined) ? b : a;
  }

  /** The elite after the last complete generation, replayed from generation 0 (−1: none yet). */
  private parentPopulation(study: StudySnapshot): { generation: number; parents: FrozenTrial[] } {
    const size = this.options.populationSize ?? 50;
    let parents: FrozenTrial[] = [];
    const full = replayGenerations(study.trials, GENERATION, (t) => t.state === 'COMPLETE' && t.values?.length === study.directions.length, size, (members) => {
      parents = selectElite([...members, ...parents], size, study.directions, this.options.constraints !== undefined);
    });
    return { generation: full - 1, parents };
  }
}

function internal(d: Distribution, value: FrozenTrial['params'][string] | undefined): number {
  return toInternal(d, value ?? null) ?? NaN;
}
