import type { FrozenTrial, JsonValue, StudyDirection, TrialState, TrialUpdate } from '../trial/index.js';
import type { TrialInit } from './apply-trial-update.js';

/** A study as a storage records it. */
export interface StudyRecord {
  readonly studyId: number;
  readonly name: string;
  readonly directions: readonly StudyDirection[];
  readonly userAttrs: Readonly<Record<string, JsonValue>>;
}

/** Options of {@link Storage.claimWaitingTrial}. */
export interface ClaimOptions {
  /** Start the trial's heartbeat clock. */
  readonly heartbeat?: boolean;
  /** System attributes written in the same atomic step (for example who runs the trial). */
  readonly systemAttrs?: Readonly<Record<string, JsonValue>>;
}

/**
 * Where studies and trials live. Every method is async so that in-memory, SQLite and
 * PostgreSQL backends share one contract.
 *
 * Invariants every implementation keeps (the shared storage conformance suite checks them):
 * - **Snapshots never change.** Every returned {@link FrozenTrial} is a frozen object; a newer
 *   state of a trial is a new object.
 * - **Finished trials are frozen.** Once a trial is COMPLETE, PRUNED or FAIL, `updateTrial`
 *   throws `TRIAL_FROZEN` and changes nothing. This is also how two workers racing to finish
 *   the same trial are resolved: exactly one wins.
 * - **Updates are atomic.** One `updateTrial` call is applied entirely or not at all, under
 *   the backend's lock, with the rules of `applyTrialUpdate`.
 * - **Trial numbers are dense and unique per study**: 0, 1, 2, ... in creation order, even
 *   with many processes creating trials at once.
 * - **A WAITING trial is claimed once.** `claimWaitingTrial` moves it to RUNNING atomically, so
 *   no enqueued trial runs twice.
 * - `getTrials` returns trials ordered by number.
 *
 * @example
 * ```ts
 * const storage: Storage = new InMemoryStorage();
 * const study = await storage.createStudy('demo', ['minimize']);
 * const trial = await storage.createTrial(study.studyId, { state: 'RUNNING' });
 * await storage.updateTrial(trial.trialId, { state: 'COMPLETE', values: [1] });
 * ```
 */
export interface Storage {
  readonly name: string;
  /** Creates a study; throws `STUDY_EXISTS` when the name is taken. */
  createStudy(name: string, directions: readonly StudyDirection[]): Promise<StudyRecord>;
  /** The study with this name, or undefined. */
  findStudy(name: string): Promise<StudyRecord | undefined>;
  listStudies(): Promise<readonly StudyRecord[]>;
  /** Deletes a study and its trials; throws `STUDY_NOT_FOUND`. */
  deleteStudy(studyId: number): Promise<void>;
  setStudyUserAttr(studyId: number, key: string, value: JsonValue): Promise<void>;
  /** Adds a trial with the next number. */
  createTrial(studyId: number, init: TrialInit): Promise<FrozenTrial>;
  /** Atomically moves the oldest WAITING trial to RUNNING and returns it, or undefined. */
  claimWaitingTrial(studyId: number, options?: ClaimOptions): Promise<FrozenTrial | undefined>;
  /** Applies one atomic update (see `applyTrialUpdate`); throws `TRIAL_NOT_FOUND`, `TRIAL_FROZEN`. */
  updateTrial(trialId: number, update: TrialUpdate): Promise<FrozenTrial>;
  getTrial(trialId: number): Promise<FrozenTrial>;
  /** Trials of a study ordered by number, optionally only those in `states`. */
  getTrials(studyId: number, states?: readonly TrialState[]): Promise<readonly FrozenTrial[]>;
  /** Releases connections and file handles. Further calls fail. */
  close(): Promise<void>;
}
