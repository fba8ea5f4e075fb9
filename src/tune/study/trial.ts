import { UsageError } from '../../core/index.js';
import { TuneError } from '../tune-error.js';
import type { CategoricalChoice, Distribution, NumericOptions, ParamValue } from '../distributions/index.js';
import {
  categoricalDistribution, contains, floatDistribution, intDistribution, sameDistribution, snapToDistribution, toExternal,
} from '../distributions/index.js';
import type { Pruner } from '../pruners/index.js';
import type { RelativeSample, Sampler } from '../samplers/index.js';
import type { Storage } from '../storages/index.js';
import type { FrozenTrial, JsonValue, StudySnapshot, TrialUpdate } from '../trial/index.js';
import { isFinished } from '../trial/index.js';

/** What a {@link Trial} needs from its study; built by `Study.ask`. */
export interface TrialRuntime {
  readonly storage: Storage;
  readonly studyId: number;
  readonly snapshot: StudySnapshot;
  readonly sampler: Sampler;
  readonly pruner: Pruner;
  readonly trial: FrozenTrial;
  readonly relative: RelativeSample | undefined;
}

/**
 * One evaluation of the objective: the define-by-run handle through which the objective asks
 * for parameters. `suggest*` calls return immediately (the storage write happens in the
 * background and is awaited at the next `report`, `shouldPrune` or `tell`).
 *
 * @example
 * ```ts
 * await study.optimize(async (trial) => {
 *   const lr = trial.suggestFloat('lr', 1e-5, 1e-1, { log: true });
 *   const opt = trial.suggestCategorical('optimizer', ['adam', 'sgd']);
 *   const layers = opt === 'sgd' ? trial.suggestInt('momentumSteps', 1, 4) : 0;
 *   for (let epoch = 0; epoch < 10; epoch++) {
 *     await trial.report(loss(lr, layers, epoch), epoch);
 *     if (trial.shouldPrune()) throw new TrialPruned();
 *   }
 *   return finalLoss;
 * }, { nTrials: 50 });
 * ```
 */
export class Trial {
  /** 0-based number within the study. */
  readonly number: number;
  /** Storage-wide id. */
  readonly trialId: number;
  private readonly runtime: TrialRuntime;
  private current: FrozenTrial;
  private writes: Promise<unknown> = Promise.resolve();
  private writeError: Error | undefined = undefined;
  private readonly fixedParams: Readonly<Record<string, JsonValue>>;
  /** The study's trials as of the last `report` (what `shouldPrune` judges against). */
  private seen: readonly FrozenTrial[];

  constructor(runtime: TrialRuntime) {
    this.runtime = runtime;
    this.current = runtime.trial;
    this.number = runtime.trial.number;
    this.trialId = runtime.trial.trialId;
    this.seen = runtime.snapshot.trials;
    const fixed = runtime.trial.systemAttrs['fixedParams'];
    this.fixedParams = typeof fixed === 'object' && fixed !== null && !Array.isArray(fixed) ? (fixed as Readonly<Record<string, JsonValue>>) : {};
  }

  /** Parameters suggested so far. */
  get params(): Readonly<Record<string, ParamValue>> {
    return this.current.params;
  }

  /** Distributions of the parameters suggested so far. */
  get distributions(): Readonly<Record<string, Distribution>> {
    return this.current.distributions;
  }

  /** User attributes set so far. */
  get userAttrs(): Readonly<Record<string, JsonValue>> {
    return this.current.userAttrs;
  }

  /**
   * Suggests a real value in [low, high].
   * @example `trial.suggestFloat('dropout', 0, 0.5, { step: 0.1 })`
   */
  suggestFloat(name: string, low: number, high: number, options: NumericOptions = {}): number {
    return this.suggest(name, floatDistribution(name, low, high, options)) as number;
  }

  /**
   * Suggests an integer in [low, high].
   * @example `trial.suggestInt('units', 16, 512, { log: true })`
   */
  suggestInt(name: string, low: number, high: number, options: NumericOptions = {}): number {
    return this.suggest(name, intDistribution(name, low, high, options)) as number;
  }

  /**
   * Suggests one of `choices` (strings, numbers, booleans or null).
   * @example `trial.suggestCategorical('act', ['relu', 'gelu'] as const)`
   */
  suggestCategorical<const T extends CategoricalChoice>(name: string, choices: readonly T[]): T {
    return this.suggest(name, categoricalDistribution(name, choices)) as T;
  }

  /**
   * Records an intermediate objective value at `step` (for example the validation loss after an
   * epoch) and refreshes the view of the other trials that {@link shouldPrune} judges against.
   * A step reported twice keeps its first value.
   * @example `await trial.report(0.31, 3)`
   */
  async report(value: number, step: number): Promise<void> {
    if (!Number.isInteger(step) || step < 0) {
      throw new UsageError('INVALID_STEP', `trial.report needs a non-negative integer step, got ${step}.`, { step });
    }
    if (typeof value !== 'number') {
      throw new UsageError('INVALID_VALUE', `trial.report needs a number, got ${typeof value}.`, { value: String(value) });
    }
    this.apply({ intermediate: [[step, value]] });
    await this.flush();
    this.seen = await this.runtime.storage.getTrials(this.runtime.studyId);
  }

  /**
   * Asks the study's pruner whether to stop this trial now, synchronously as in Optuna: it judges
   * this trial's reported values against the study as of the last `report`. Single-objective
   * studies only.
   * @example `if (trial.shouldPrune()) throw new TrialPruned();`
   */
  shouldPrune(): boolean {
    if (this.runtime.snapshot.directions.length > 1) {
      throw new UsageError('PRUNE_MULTI_OBJECTIVE', 'Pruning is not supported for multi-objective studies; remove shouldPrune() or use one objective.', {});
    }
    const snapshot: StudySnapshot = { ...this.runtime.snapshot, trials: this.seen };
    return this.runtime.pruner.prune(snapshot, this.current);
  }

  /**
   * Stores a JSON attribute on the trial (written in the background).
   * @example `trial.setUserAttr('gpu', 'h100')`
   */
  setUserAttr(key: string, value: JsonValue): void {
    this.apply({ userAttrs: { [key]: value } });
  }

  /**
   * Waits until every background write of this trial reached the storage; rethrows the first
   * write error.
   * @example `await trial.flush()`
   */
  async flush(): Promise<void> {
    await this.writes;
    if (this.writeError !== undefined) {
      const e = this.writeError;
      this.writeError = undefined;
      throw e;
    }
  }

  /** The trial as last seen locally (for `Study.tell`). */
  snapshot(): FrozenTrial {
    return this.current;
  }

  /** Adopts the storage's final snapshot after `Study.tell`; later suggestions throw. */
  settle(finished: FrozenTrial): void {
    if (finished.trialId === this.trialId) this.current = finished;
  }

  private suggest(name: string, distribution: Distribution): ParamValue {
    const existing = this.current.distributions[name];
    if (existing !== undefined) {
      if (!sameDistribution(existing, distribution)) {
        throw new UsageError('PARAM_CONFLICT', `Parameter "${name}" was already suggested in this trial with a different distribution (${describe(existing)}); now ${describe(distribution)}. Use one range per name, or a different name.`, { name, existing, requested: distribution });
      }
      return this.current.params[name] ?? null;
    }
    if (isFinished(this.current.state)) {
      throw new TuneError('TRIAL_FROZEN', `Trial ${this.number} is finished; suggest parameters before telling its result.`, { number: this.number });
    }
    const value = this.chooseValue(name, distribution);
    this.apply({ params: { [name]: { distribution, value } } });
    return value;
  }

  private chooseValue(name: string, distribution: Distribution): ParamValue {
    const fixed = this.fixedParams[name];
    if (fixed !== undefined && !Array.isArray(fixed) && (fixed === null || typeof fixed !== 'object') && contains(distribution, fixed)) {
      return fixed;
    }
    const relative = this.runtime.relative;
    const planned = relative?.params[name];
    const plannedDist = relative?.searchSpace[name];
    if (planned !== undefined && plannedDist !== undefined && sameDistribution(plannedDist, distribution)) {
      return toExternal(distribution, snapToDistribution(distribution, planned));
    }
    const internal = this.runtime.sampler.sampleIndependent({ study: this.runtime.snapshot, trial: this.current }, name, distribution);
    return toExternal(distribution, snapToDistribution(distribution, internal));
  }

  /** Applies an update locally now and queues it for the storage. */
  private apply(update: TrialUpdate): void {
    const base = this.current;
    const merged: FrozenTrial = Object.freeze({
      ...base,
      params: Object.freeze({ ...base.params, ...mapValues(update.params, (p) => p.value) }),
      distributions: Object.freeze({ ...base.distributions, ...mapValues(update.params, (p) => p.distribution) }),
      intermediateValues: update.intermediate === undefined ? base.intermediateValues : mergeIntermediate(base.intermediateValues, update.intermediate),
      userAttrs: Object.freeze({ ...base.userAttrs, ...update.userAttrs }),
    });
    this.current = merged;
    const { storage } = this.runtime;
    this.writes = this.writes.then(() => storage.updateTrial(this.trialId, update)).catch((e: unknown) => {
      this.writeError ??= e instanceof Error ? e : new Error(String(e));
    });
  }
}

function mapValues<T, U>(record: Readonly<Record<string, T>> | undefined, f: (t: T) => U): Record<string, U> {
  const out: Record<string, U> = {};
  for (const [k, v] of Object.entries(record ?? {})) out[k] = f(v);
  return out;
}

function mergeIntermediate(base: readonly (readonly [number, number])[], added: readonly (readonly [number, number])[]): readonly (readonly [number, number])[] {
  const map = new Map<number, number>(base.map(([s, v]) => [s, v]));
  for (const [s, v] of added) if (!map.has(s)) map.set(s, v);
  return Object.freeze([...map.entries()].sort((a, b) => a[0] - b[0]).map(([s, v]) => Object.freeze([s, v] as const)));
}

function describe(d: Distribution): string {
  if (d.kind === 'categorical') return `categorical ${JSON.stringify(d.choices)}`;
  return `${d.kind} [${d.low}, ${d.high}]${d.log ? ' log' : ''}${d.step !== null && !(d.kind === 'int' && d.step === 1) ? ` step ${d.step}` : ''}`;
}
