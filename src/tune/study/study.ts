import { UsageError, isKeelError } from '../../core/index.js';
import type { ParamValue } from '../distributions/index.js';
import type { Pruner } from '../pruners/index.js';
import type { Sampler } from '../samplers/index.js';
import type { ClaimOptions, Storage } from '../storages/index.js';
import type { FrozenTrial, JsonValue, StudyDirection, StudySnapshot, TrialState } from '../trial/index.js';
import { TuneError } from '../tune-error.js';
import { paretoFront } from '../trial/index.js';
import { failStaleTrials } from './fail-stale-trials.js';
import type { HeartbeatOptions } from './fail-stale-trials.js';
import { Trial } from './trial.js';
import { TrialReservation, releaseDeadReservations } from './trial-reservation.js';
import { thisWorker } from './worker-identity.js';
import { optimize } from './optimize.js';
import type { Objective, OptimizeOptions, TellResult } from './optimize.js';


/** Everything a study is built from; see `createStudy`. */
export interface StudyParts {
  readonly storage: Storage;
  readonly ownsStorage: boolean;
  readonly studyId: number;
  readonly studyName: string;
  readonly directions: readonly StudyDirection[];
  readonly sampler: Sampler;
  readonly pruner: Pruner;
  readonly heartbeat: HeartbeatOptions | undefined;
}

/**
 * A set of trials optimising one objective (or several). Create one with `createStudy`, then
 * `optimize` an objective or drive trials yourself with `ask` / `tell`.
 *
 * @example
 * ```ts
 * const study = await createStudy({ direction: 'minimize', sampler: new TpeSampler({ seed: 1 }) });
 * const trial = await study.ask();
 * const x = trial.suggestFloat('x', -10, 10);
 * await study.tell(trial, (x - 2) ** 2);
 * ```
 */
export class Study {
  readonly studyName: string;
  readonly studyId: number;
  readonly directions: readonly StudyDirection[];
  readonly sampler: Sampler;
  readonly pruner: Pruner;
  readonly storage: Storage;
  private readonly parts: StudyParts;
  private readonly heartbeats = new Map<number, NodeJS.Timeout>();
  private stopRequested = false;
  /** Reservations found dead (they stay dead), and when they were last looked for. */
  private deadReservations: ReadonlySet<string> = new Set();
  private lastReservationSweep = -Infinity;

  constructor(parts: StudyParts) {
    this.parts = parts;
    this.studyName = parts.studyName;
    this.studyId = parts.studyId;
    this.directions = parts.directions;
    this.sampler = parts.sampler;
    this.pruner = parts.pruner;
    this.storage = parts.storage;
  }

  /** The single direction; throws `MULTI_OBJECTIVE` for multi-objective studies. */
  get direction(): StudyDirection {
    if (this.directions.length !== 1) throw multiObjective('direction');
    return this.directions[0]!;
  }

  /** True when the study keeps heartbeats, so trials of dead workers expire. */
  get keepsHeartbeats(): boolean {
    return this.parts.heartbeat !== undefined;
  }

  /** True once `stop()` was called; `optimize` starts no new trials. */
  get stopped(): boolean {
    return this.stopRequested;
  }

  /**
   * Runs `objective` on new trials; see {@link optimize} for the stopping rules. A throwing
   * objective or a NaN result fails that trial and the study goes on.
   * @example `await study.optimize((t) => (t.suggestFloat('x', -5, 5) - 1) ** 2, { nTrials: 100 });`
   */
  async optimize(objective: Objective, options: OptimizeOptions<Study> = {}): Promise<void> {
    await optimize(this, objective, options);
  }

  /**
   * Starts a trial: claims an enqueued one if any, otherwise creates a new one, and lets the
   * sampler plan joint parameters. With heartbeats on, first fails trials of dead workers.
   * @example `const trial = await study.ask();`
   */
  async ask(): Promise<Trial> {
    const { storage, studyId } = this.parts;
    await this.failStaleTrials();
    const claim = this.claimOptions();
    const frozen = (await storage.claimWaitingTrial(studyId, claim)) ?? (await storage.createTrial(studyId, { state: 'RUNNING', ...claim }));
    return this.start(frozen);
  }

  /**
   * Like {@link ask}, but only claims an enqueued (WAITING) trial, for example one reserved by
   * {@link reserveTrials}; returns undefined when none is waiting. Never creates a trial, so
   * workers sharing reserved trials run exactly the reserved number.
   * @example `const trial = await study.askWaiting(); if (trial === undefined) return;`
   */
  async askWaiting(): Promise<Trial | undefined> {
    const { storage, studyId } = this.parts;
    await this.failStaleTrials();
    const frozen = await storage.claimWaitingTrial(studyId, this.claimOptions());
    return frozen === undefined ? undefined : this.start(frozen);
  }

  /**
   * Enqueues `n` WAITING trials without fixed parameters: a trial budget that any number of
   * workers (processes or machines) share with `optimize(objective, { onlyWaiting: true })`.
   * Each reserved trial is claimed once, so together they run exactly `n` trials.
   * @example `await study.reserveTrials(200);`
   */
  async reserveTrials(n: number, tag: JsonValue = true): Promise<void> {
    if (!(Number.isInteger(n) && n >= 0)) throw new UsageError('INVALID_OPTION', `reserveTrials: n must be a non-negative integer, got ${n}.`, { n });
    for (let i = 0; i < n; i++) await this.storage.createTrial(this.studyId, { state: 'WAITING', systemAttrs: { reserved: tag } });
  }

  /**
   * Like {@link reserveTrials}, but the budget belongs to this process: if it dies (killed,
   * crashed) or closes the reservation, the reserved trials nobody started are released (FAIL
   * with code RESERVATION_RELEASED) instead of being run by a later invocation. Other workers
   * still share the trials while this process lives. `keel tune` holds its `--trials` this way.
   * @example `const r = await study.holdTrials(10, 'keel tune'); try { ... } finally { await r.close(); }`
   */
  async holdTrials(n: number, label: string): Promise<TrialReservation> {
    return TrialReservation.hold(this.storage, this.studyId, n, label, this.parts.heartbeat);
  }

  /** With heartbeats, a started trial records who runs it in the same atomic step (so a killed worker is recognised at once). */
  private claimOptions(): ClaimOptions {
    return this.parts.heartbeat === undefined ? {} : { heartbeat: true, systemAttrs: { worker: { ...thisWorker() } } };
  }

  private async start(frozen: FrozenTrial): Promise<Trial> {
    const { storage, studyId, heartbeat } = this.parts;
    const snapshot = await this.snapshot();
    let trial = frozen;
    const relative = this.sampler.sampleRelative?.({ study: snapshot, trial });
    if (relative?.systemAttrs !== undefined) trial = await storage.updateTrial(trial.trialId, { systemAttrs: relative.systemAttrs });
    if (heartbeat !== undefined) this.startHeartbeat(trial.trialId, heartbeat.intervalMs);
    return new Trial({ storage, studyId, snapshot, sampler: this.sampler, pruner: this.pruner, trial, relative });
  }

  /**
   * Finishes a trial. A number or array completes it (NaN values or the wrong count make it
   * FAIL); `{ state: 'PRUNED' }` records the last intermediate value; `{ state: 'FAIL' }` fails it.
   * Throws `TRIAL_FROZEN` when the trial is already finished.
   * @example `await study.tell(trial, 0.25);`
   */
  async tell(trial: Trial | number, result: TellResult): Promise<FrozenTrial> {
    const handle = typeof trial === 'number' ? undefined : trial;
    let trialId: number;
    if (typeof trial !== 'number') {
      trialId = trial.trialId;
      try {
        await trial.flush();
      } catch (e) {
        if (!isKeelError(e, 'TRIAL_FROZEN')) throw e;
      }
    } else {
      const found = (await this.storage.getTrials(this.studyId)).find((t) => t.number === trial);
      if (found === undefined) throw new TuneError('TRIAL_NOT_FOUND', `Study "${this.studyName}" has no trial number ${trial}.`, { number: trial });
      trialId = found.trialId;
    }
    this.stopHeartbeat(trialId);
    let update = await this.finalUpdate(trialId, handle, result);
    if (this.sampler.afterTrial !== undefined && update.state !== undefined) {
      const current = handle?.snapshot() ?? (await this.storage.getTrial(trialId));
      const extra = this.sampler.afterTrial({ ...current, state: update.state, values: update.values ?? current.values }, update.state);
      if (extra !== undefined) update = { ...update, systemAttrs: { ...update.systemAttrs, ...extra } };
    }
    const finished = await this.storage.updateTrial(trialId, update);
    handle?.settle(finished);
    return finished;
  }

  /**
   * Queues a trial with fixed parameters; the next `ask` runs it. Parameters the objective
   * suggests but that are not given here are sampled as usual.
   * @example `await study.enqueueTrial({ lr: 0.01, optimizer: 'adam' });`
   */
  async enqueueTrial(params: Readonly<Record<string, ParamValue>>, options: { readonly userAttrs?: Readonly<Record<string, JsonValue>>; readonly skipIfExists?: boolean } = {}): Promise<void> {
    if (options.skipIfExists === true) {
      const trials = await this.storage.getTrials(this.studyId);
      const same = (t: FrozenTrial): boolean => {
        const fixed = t.systemAttrs['fixedParams'];
        const p = t.state === 'WAITING' && typeof fixed === 'object' && fixed !== null ? (fixed as Readonly<Record<string, JsonValue>>) : t.params;
        return Object.entries(params).every(([k, v]) => p[k] === v);
      };
      if (trials.some(same)) return;
    }
    await this.storage.createTrial(this.studyId, { state: 'WAITING', systemAttrs: { fixedParams: { ...params } }, userAttrs: options.userAttrs ?? {} });
  }

  /**
   * Trials ordered by number, optionally filtered by state.
   * @example `await study.getTrials({ states: ['COMPLETE'] })`
   */
  async getTrials(options: { readonly states?: readonly TrialState[] } = {}): Promise<readonly FrozenTrial[]> {
    return this.storage.getTrials(this.studyId, options.states);
  }

  /**
   * The best COMPLETE trial (single objective). Throws `NO_COMPLETED_TRIALS` when there is none.
   * @example `(await study.bestTrial()).params`
   */
  async bestTrial(): Promise<FrozenTrial> {
    const direction = this.direction;
    const complete = await this.getTrials({ states: ['COMPLETE'] });
    let best: FrozenTrial | undefined;
    for (const t of complete) {
      const v = t.values?.[0];
      if (v === undefined) continue;
      const b = best?.values?.[0];
      if (b === undefined || (direction === 'minimize' ? v < b : v > b)) best = t;
    }
    if (best === undefined) throw new TuneError('NO_COMPLETED_TRIALS', `Study "${this.studyName}" has no COMPLETE trial yet; run optimize() first.`, { studyName: this.studyName });
    return best;
  }

  /** Value of {@link bestTrial}. @example `await study.bestValue()` */
  async bestValue(): Promise<number> {
    return (await this.bestTrial()).values![0]!;
  }

  /** Params of {@link bestTrial}. @example `await study.bestParams()` */
  async bestParams(): Promise<Readonly<Record<string, ParamValue>>> {
    return (await this.bestTrial()).params;
  }

  /**
   * The Pareto front: COMPLETE trials that no other COMPLETE trial dominates.
   * @example `const front = await study.bestTrials();`
   */
  async bestTrials(): Promise<readonly FrozenTrial[]> {
    return paretoFront(await this.getTrials({ states: ['COMPLETE'] }), this.directions);
  }

  /** Study-level JSON attribute. @example `await study.setUserAttr('dataset', 'mnist')` */
  async setUserAttr(key: string, value: JsonValue): Promise<void> {
    await this.storage.setStudyUserAttr(this.studyId, key, value);
  }

  /** Study-level attributes. @example `(await study.userAttrs())['dataset']` */
  async userAttrs(): Promise<Readonly<Record<string, JsonValue>>> {
    const record = await this.storage.findStudy(this.studyName);
    return record?.userAttrs ?? {};
  }

  /**
   * Marks RUNNING trials of dead workers as FAIL (re-queueing them if configured) and releases
   * the reserved trials of dead {@link holdTrials} owners (looked for at most once per heartbeat
   * interval). Needs heartbeats; without them it does nothing.
   */
  async failStaleTrials(): Promise<readonly FrozenTrial[]> {
    const { heartbeat } = this.parts;
    if (heartbeat === undefined) return [];
    const now = Date.now();
    if (now - this.lastReservationSweep >= heartbeat.intervalMs) {
      this.lastReservationSweep = now;
      const dead = await releaseDeadReservations(this.storage, this.studyId, heartbeat, now);
      if (dead.size > 0) this.deadReservations = new Set([...this.deadReservations, ...dead]);
    }
    return failStaleTrials(this.storage, this.studyId, heartbeat, now, this.deadReservations);
  }

  /** Asks `optimize` to start no new trial; running trials finish. @example `study.stop()` */
  stop(): void {
    this.stopRequested = true;
  }

  /** Clears the stop flag (called by `optimize` when it starts). */
  resume(): void {
    this.stopRequested = false;
  }

  /** The study as samplers and pruners see it. @example `await study.snapshot()` */
  async snapshot(): Promise<StudySnapshot> {
    return { studyName: this.studyName, directions: this.directions, trials: await this.storage.getTrials(this.studyId) };
  }

  /** Stops heartbeats and closes the storage if the study opened it from a URL. */
  async close(): Promise<void> {
    for (const id of [...this.heartbeats.keys()]) this.stopHeartbeat(id);
    if (this.parts.ownsStorage) await this.storage.close();
  }

  private async finalUpdate(trialId: number, handle: Trial | undefined, result: TellResult): Promise<Parameters<Storage['updateTrial']>[1]> {
    if (typeof result === 'object' && 'state' in result) {
      if (result.state === 'FAIL') {
        return { state: 'FAIL', systemAttrs: { failReason: result.reason ?? 'failed', failCode: result.code ?? null } };
      }
      const current = handle?.snapshot() ?? (await this.storage.getTrial(trialId));
      const last = current.intermediateValues[current.intermediateValues.length - 1];
      return { state: 'PRUNED', values: last === undefined || this.directions.length > 1 ? null : [last[1]] };
    }
    const values = typeof result === 'number' ? [result] : result;
    if (!Array.isArray(values) || values.length !== this.directions.length) {
      return { state: 'FAIL', systemAttrs: { failReason: `Objective returned ${describeResult(result)}; expected ${this.directions.length} number(s).`, failCode: 'BAD_OBJECTIVE_VALUE' } };
    }
    if (values.some((v) => typeof v !== 'number' || Number.isNaN(v))) {
      return { state: 'FAIL', systemAttrs: { failReason: `Objective returned ${describeResult(result)}; NaN or non-numeric values fail the trial.`, failCode: 'NAN_OBJECTIVE_VALUE' } };
    }
    return { state: 'COMPLETE', values };
  }

  private startHeartbeat(trialId: number, intervalMs: number): void {
    const timer = setInterval(() => {
      this.storage.updateTrial(trialId, { heartbeat: true }).catch(() => {
        this.stopHeartbeat(trialId);
      });
    }, intervalMs);
    timer.unref();
    this.heartbeats.set(trialId, timer);
  }

  private stopHeartbeat(trialId: number): void {
    const timer = this.heartbeats.get(trialId);
    if (timer !== undefined) clearInterval(timer);
    this.heartbeats.delete(trialId);
  }
}

function describeResult(result: unknown): string {
  if (typeof result === 'number') return String(result);
  if (Array.isArray(result)) return `[${result.map((v) => describeResult(v)).join(', ')}]`;
  try {
    return JSON.stringify(result) ?? String(result);
  } catch {
    return String(result);
  }
}

function multiObjective(what: string): UsageError {
  return new UsageError('MULTI_OBJECTIVE', `study.${what} is only defined for single-objective studies; use study.bestTrials() for the Pareto front.`, { what });
}
