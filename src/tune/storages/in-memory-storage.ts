import { TuneError } from '../tune-error.js';
import type { FrozenTrial, JsonValue, StudyDirection, TrialState, TrialUpdate } from '../trial/index.js';
import { applyTrialUpdate, newTrial } from './apply-trial-update.js';
import type { TrialInit } from './apply-trial-update.js';
import type { ClaimOptions, Storage, StudyRecord } from './storage.js';

interface MemoryStudy {
  record: StudyRecord;
  trials: FrozenTrial[];
}

/**
 * Storage in the current process's memory: fastest, lost on exit. The default.
 *
 * @example
 * ```ts
 * const study = await createStudy({ storage: new InMemoryStorage() });
 * ```
 */
export class InMemoryStorage implements Storage {
  readonly name = 'memory';
  private readonly studies = new Map<number, MemoryStudy>();
  private readonly trialIndex = new Map<number, { studyId: number; position: number }>();
  private nextStudyId = 1;
  private nextTrialId = 1;

  createStudy(name: string, directions: readonly StudyDirection[]): Promise<StudyRecord> {
    for (const s of this.studies.values()) {
      if (s.record.name === name) return Promise.reject(studyExists(name));
    }
    const record: StudyRecord = Object.freeze({ studyId: this.nextStudyId++, name, directions: Object.freeze(directions.slice()), userAttrs: Object.freeze({}) });
    this.studies.set(record.studyId, { record, trials: [] });
    return Promise.resolve(record);
  }

  findStudy(name: string): Promise<StudyRecord | undefined> {
    for (const s of this.studies.values()) if (s.record.name === name) return Promise.resolve(s.record);
    return Promise.resolve(undefined);
  }

  listStudies(): Promise<readonly StudyRecord[]> {
    return Promise.resolve([...this.studies.values()].map((s) => s.record));
  }

  deleteStudy(studyId: number): Promise<void> {
    const s = this.study(studyId);
    for (const t of s.trials) this.trialIndex.delete(t.trialId);
    this.studies.delete(studyId);
    return Promise.resolve();
  }

  setStudyUserAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    const s = this.study(studyId);
    s.record = Object.freeze({ ...s.record, userAttrs: Object.freeze({ ...s.record.userAttrs, [key]: value }) });
    return Promise.resolve();
  }

  createTrial(studyId: number, init: TrialInit): Promise<FrozenTrial> {
    const s = this.study(studyId);
    const trial = newTrial(this.nextTrialId++, s.trials.length, init, Date.now());
    this.trialIndex.set(trial.trialId, { studyId, position: s.trials.length });
    s.trials.push(trial);
    return Promise.resolve(trial);
  }

  claimWaitingTrial(studyId: number, options: ClaimOptions = {}): Promise<FrozenTrial | undefined> {
    const s = this.study(studyId);
    const i = s.trials.findIndex((t) => t.state === 'WAITING');
    if (i < 0) return Promise.resolve(undefined);
    const claimed = applyTrialUpdate(s.trials[i]!, { state: 'RUNNING', heartbeat: options.heartbeat === true, ...(options.systemAttrs === undefined ? {} : { systemAttrs: options.systemAttrs }) }, Date.now());
    s.trials[i] = claimed;
    return Promise.resolve(claimed);
  }

  updateTrial(trialId: number, update: TrialUpdate): Promise<FrozenTrial> {
    return attempt(() => {
      const at = this.locate(trialId);
      const s = this.study(at.studyId);
      const next = applyTrialUpdate(s.trials[at.position]!, update, Date.now());
      s.trials[at.position] = next;
      return next;
    });
  }

  getTrial(trialId: number): Promise<FrozenTrial> {
    return attempt(() => {
      const at = this.locate(trialId);
      return this.study(at.studyId).trials[at.position]!;
    });
  }

  getTrials(studyId: number, states?: readonly TrialState[]): Promise<readonly FrozenTrial[]> {
    return attempt(() => {
      const trials = this.study(studyId).trials;
      return states === undefined ? trials.slice() : trials.filter((t) => states.includes(t.state));
    });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private study(studyId: number): MemoryStudy {
    const s = this.studies.get(studyId);
    if (s === undefined) throw new TuneError('STUDY_NOT_FOUND', `No study with id ${studyId} in this storage.`, { studyId });
    return s;
  }

  private locate(trialId: number): { studyId: number; position: number } {
    const at = this.trialIndex.get(trialId);
    if (at === undefined) throw new TuneError('TRIAL_NOT_FOUND', `No trial with id ${trialId} in this storage.`, { trialId });
    return at;
  }
}

/**
 * The error every storage throws for a duplicate study name.
 * @example `throw studyExists('demo')`
 */
export function studyExists(name: string): TuneError {
  return new TuneError('STUDY_EXISTS', `A study named "${name}" already exists. Pass loadIfExists: true to resume it, or choose another name.`, { name });
}

/** Runs synchronous storage code, turning a throw into a rejected promise. */
function attempt<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}
