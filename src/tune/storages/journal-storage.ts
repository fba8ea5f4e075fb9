import { appendFileSync, closeSync, fstatSync, openSync, readSync, renameSync, symlinkSync, unlinkSync, writeFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { toExternal } from '../distributions/index.js';
import type { FrozenTrial, JsonValue, StudyDirection, TrialState, TrialUpdate } from '../trial/index.js';
import { isFinished } from '../trial/index.js';
import { StorageError, TuneError } from '../tune-error.js';
import { applyTrialUpdate, newTrial } from './apply-trial-update.js';
import type { TrialInit } from './apply-trial-update.js';
import { studyExists } from './in-memory-storage.js';
import type { JournalLog } from './journal-format.js';
import { HEARTBEAT_KEY, OP, diffLogs, parsePythonJson, pythonJson, directionCode, directionOf, distributionFromJson, isoLocal, msOf, stateCode, stateOf } from './journal-format.js';
import type { ClaimOptions, Storage, StudyRecord } from './storage.js';

const LOCK_TIMEOUT_MS = 30_000;

/**
 * Optuna's journal file (`JournalStorage(JournalFileStorage(path))`, Optuna ≥ 3.1) as a Keel
 * storage: a study Keel runs opens in Optuna and optuna-dashboard, and Keel continues studies
 * Optuna wrote. Every write takes Optuna's symlink lock (`path.lock`), reads the lines other
 * processes appended, checks the update against the current state (the shared storage rules)
 * and appends its lines; readers replay new lines as Optuna does (a later line that contradicts
 * the state, such as an update of a finished trial, is ignored). Open with `journal:path`.
 *
 * @example
 * ```ts
 * const study = await createStudy({ storage: 'journal:optuna.log', studyName: 'mlp', loadIfExists: true });
 * ```
 */
export class JournalStorage implements Storage {
  readonly name: string;
  private readonly path: string;
  private readonly workerId = `${globalThis.crypto.randomUUID()}-keel`;
  private offset = 0;
  private pending = '';
  private readonly studies = new Map<number, StudyRecord>();
  private readonly studyTrials = new Map<number, number[]>();
  private readonly trials: FrozenTrial[] = [];
  private readonly trialStudy: number[] = [];
  private nextStudyId = 0;

  constructor(path: string) {
    this.path = resolve(path);
    this.name = `journal:${path}`;
    if (!existsSync(this.path)) writeFileSync(this.path, '', { flag: 'a' });
  }

  createStudy(name: string, directions: readonly StudyDirection[]): Promise<StudyRecord> {
    return this.write(() => {
      if ([...this.studies.values()].some((s) => s.name === name)) throw studyExists(name);
      return { logs: [{ op_code: OP.CREATE_STUDY, study_name: name, directions: directions.map(directionCode) }], result: () => [...this.studies.values()].find((s) => s.name === name)! };
    });
  }

  async findStudy(name: string): Promise<StudyRecord | undefined> {
    return (await this.listStudies()).find((s) => s.name === name);
  }

  listStudies(): Promise<readonly StudyRecord[]> {
    return this.read(() => [...this.studies.values()]);
  }

  deleteStudy(studyId: number): Promise<void> {
    return this.write(() => {
      this.study(studyId);
      return { logs: [{ op_code: OP.DELETE_STUDY, study_id: studyId }], result: () => undefined };
    });
  }

  setStudyUserAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    return this.write(() => {
      this.study(studyId);
      return { logs: [{ op_code: OP.SET_STUDY_USER_ATTR, study_id: studyId, user_attr: { [key]: value } }], result: () => undefined };
    });
  }

  createTrial(studyId: number, init: TrialInit): Promise<FrozenTrial> {
    return this.write(() => {
      this.study(studyId);
      const id = this.trials.length;
      const now = Date.now();
      const systemAttrs = { ...init.systemAttrs, ...(init.state === 'RUNNING' && init.heartbeat === true ? { [HEARTBEAT_KEY]: now } : {}) };
      const log = { op_code: OP.CREATE_TRIAL, study_id: studyId, state: stateCode(init.state), datetime_start: init.state === 'RUNNING' ? isoLocal(now) : null, user_attrs: { ...init.userAttrs }, system_attrs: systemAttrs };
      return { logs: [log], result: () => this.trials[id]! };
    });
  }

  claimWaitingTrial(studyId: number, options: ClaimOptions = {}): Promise<FrozenTrial | undefined> {
    return this.write(() => {
      const id = (this.studyTrials.get(this.study(studyId).studyId) ?? []).find((t) => this.trials[t]!.state === 'WAITING');
      if (id === undefined) return { logs: [], result: () => undefined };
      const current = this.trials[id]!;
      const next = applyTrialUpdate(current, { state: 'RUNNING', heartbeat: options.heartbeat === true, ...(options.systemAttrs === undefined ? {} : { systemAttrs: options.systemAttrs }) }, Date.now());
      return { logs: diffLogs(current, next), result: () => this.trials[id] };
    });
  }

  updateTrial(trialId: number, update: TrialUpdate): Promise<FrozenTrial> {
    return this.write(() => {
      const current = this.trial(trialId);
      const next = applyTrialUpdate(current, update, Date.now());
      return { logs: diffLogs(current, next), result: () => this.trials[trialId]! };
    });
  }

  getTrial(trialId: number): Promise<FrozenTrial> {
    return this.read(() => this.trial(trialId));
  }

  getTrials(studyId: number, states?: readonly TrialState[]): Promise<readonly FrozenTrial[]> {
    return this.read(() => {
      this.study(studyId);
      const all = (this.studyTrials.get(studyId) ?? []).map((id) => this.trials[id]!);
      return states === undefined ? all : all.filter((t) => states.includes(t.state));
    });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private study(studyId: number): StudyRecord {
    const s = this.studies.get(studyId);
    if (s === undefined) throw new TuneError('STUDY_NOT_FOUND', `No study with id ${studyId} in ${this.name}.`, { studyId });
    return s;
  }

  private trial(trialId: number): FrozenTrial {
    const t = this.trials[trialId];
    if (t === undefined || !this.studies.has(this.trialStudy[trialId]!)) throw new TuneError('TRIAL_NOT_FOUND', `No trial with id ${trialId} in ${this.name}.`, { trialId });
    return t;
  }

  private read<T>(fn: () => T): Promise<T> {
    try {
      this.sync();
      return Promise.resolve(fn());
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  /** Under the lock: catch up, check and plan the lines, append them, catch up again. */
  private write<T>(plan: () => { logs: readonly Record<string, JsonValue>[]; result: () => T }): Promise<T> {
    return this.read(() => {
      const lock = `${this.path}.lock`;
      acquire(this.path, lock);
      try {
        this.sync();
        const { logs, result } = plan();
        if (logs.length > 0) {
          appendFileSync(this.path, logs.map((l) => pythonJson({ ...l, worker_id: this.workerId })).join('\n') + '\n');
          this.sync();
        }
        return result();
      } finally {
        release(lock);
      }
    });
  }

  /** Applies the lines appended since the last read (a trailing partial line waits). */
  private sync(): void {
    const fd = openSync(this.path, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size <= this.offset) return;
      const buf = Buffer.alloc(size - this.offset);
      readSync(fd, buf, 0, buf.length, this.offset);
      this.offset = size;
      const text = this.pending + buf.toString('utf8');
      const cut = text.lastIndexOf('\n');
      this.pending = text.slice(cut + 1);
      for (const line of text.slice(0, cut + 1).split('\n')) {
        if (line.trim() === '') continue;
        let log: JournalLog;
        try {
          log = parsePythonJson(line) as JournalLog;
        } catch {
          throw new StorageError('JOURNAL_CORRUPT', `${this.name}: a line is not JSON: ${line.slice(0, 80)}`, { path: this.path });
        }
        this.apply(log);
      }
    } finally {
      closeSync(fd);
    }
  }

  private apply(log: JournalLog): void {
    const studyId = typeof log['study_id'] === 'number' ? log['study_id'] : -1;
    const trialId = typeof log['trial_id'] === 'number' ? log['trial_id'] : -1;
    switch (log.op_code) {
      case OP.CREATE_STUDY: {
        const name = typeof log['study_name'] === 'string' ? log['study_name'] : '';
        if ([...this.studies.values()].some((s) => s.name === name)) return;
        const id = this.nextStudyId++;
        this.studies.set(id, Object.freeze({ studyId: id, name, directions: ((log['directions'] ?? []) as JsonValue[]).map(directionOf), userAttrs: Object.freeze({}) }));
        this.studyTrials.set(id, []);
        return;
      }
      case OP.DELETE_STUDY:
        this.studies.delete(studyId);
        return;
      case OP.SET_STUDY_USER_ATTR: {
        const s = this.studies.get(studyId);
        if (s !== undefined) this.studies.set(studyId, Object.freeze({ ...s, userAttrs: Object.freeze({ ...s.userAttrs, ...(log['user_attr'] as Record<string, JsonValue>) }) }));
        return;
      }
      case OP.CREATE_TRIAL:
        this.createFromLog(studyId, log);
        return;
      default:
        this.updateFromLog(trialId, log);
    }
  }

  private createFromLog(studyId: number, log: JournalLog): void {
    const list = this.studyTrials.get(studyId);
    if (list === undefined || !this.studies.has(studyId)) return;
    const id = this.trials.length;
    const state = stateOf(log['state'] ?? 0);
    const distributions = Object.fromEntries(Object.entries((log['distributions'] ?? {}) as Record<string, JsonValue>).map(([k, v]) => [k, distributionFromJson(v)]));
    const params = Object.fromEntries(Object.entries((log['params'] ?? {}) as Record<string, number>).map(([k, v]) => [k, toExternal(distributions[k]!, v)]));
    const { [HEARTBEAT_KEY]: heartbeat, ...systemAttrs } = (log['system_attrs'] ?? {}) as Record<string, JsonValue>;
    const values = (log['values'] ?? (typeof log['value'] === 'number' ? [log['value']] : null)) as number[] | null;
    const intermediate = Object.entries((log['intermediate_values'] ?? {}) as Record<string, number>).map(([k, v]) => [Number(k), v] as const).sort((a, b) => a[0] - b[0]);
    const base = newTrial(id, list.length, { state: state === 'WAITING' ? 'WAITING' : 'RUNNING' }, 0);
    this.trials[id] = Object.freeze({
      ...base, state, values, params: Object.freeze(params), distributions: Object.freeze(distributions), intermediateValues: Object.freeze(intermediate),
      userAttrs: Object.freeze({ ...((log['user_attrs'] ?? {}) as Record<string, JsonValue>) }), systemAttrs: Object.freeze(systemAttrs),
      startedAt: msOf(log['datetime_start']), completedAt: msOf(log['datetime_complete']), heartbeatAt: typeof heartbeat === 'number' ? heartbeat : null,
    });
    this.trialStudy[id] = studyId;
    list.push(id);
  }

  private updateFromLog(trialId: number, log: JournalLog): void {
    const t = this.trials[trialId];
    if (t === undefined || isFinished(t.state)) return;
    let next: FrozenTrial = t;
    switch (log.op_code) {
      case OP.SET_TRIAL_PARAM: {
        const name = typeof log['param_name'] === 'string' ? log['param_name'] : '';
        const d = distributionFromJson(log['distribution']);
        next = { ...t, params: Object.freeze({ ...t.params, [name]: toExternal(d, log['param_value_internal'] as number) }), distributions: Object.freeze({ ...t.distributions, [name]: d }) };
        break;
      }
      case OP.SET_TRIAL_STATE_VALUES: {
        const state = stateOf(log['state']);
        if (state === 'RUNNING' && t.state === 'RUNNING') return;
        next = { ...t, state, ...(state === 'RUNNING' ? { startedAt: msOf(log['datetime_start']) } : {}), ...(isFinished(state) ? { completedAt: msOf(log['datetime_complete']) } : {}), ...(Array.isArray(log['values']) ? { values: log['values'] as number[] } : {}) };
        break;
      }
      case OP.SET_TRIAL_INTERMEDIATE_VALUE: {
        const step = Number(log['step']);
        const rest = t.intermediateValues.filter(([s]) => s !== step);
        next = { ...t, intermediateValues: Object.freeze([...rest, [step, log['intermediate_value'] as number] as const].sort((a, b) => a[0] - b[0])) };
        break;
      }
      case OP.SET_TRIAL_USER_ATTR:
        next = { ...t, userAttrs: Object.freeze({ ...t.userAttrs, ...(log['user_attr'] as Record<string, JsonValue>) }) };
        break;
      case OP.SET_TRIAL_SYSTEM_ATTR: {
        const { [HEARTBEAT_KEY]: heartbeat, ...attrs } = log['system_attr'] as Record<string, JsonValue>;
        next = { ...t, systemAttrs: Object.freeze({ ...t.systemAttrs, ...attrs }), ...(typeof heartbeat === 'number' ? { heartbeatAt: heartbeat } : {}) };
        break;
      }
      default:
        return;
    }
    this.trials[trialId] = Object.freeze(next);
  }
}

/** Optuna's JournalFileSymlinkLock: the lock is a symlink `path.lock` → `path`. */
function acquire(path: string, lock: string): void {
  const started = Date.now();
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      symlinkSync(path, lock);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new StorageError('STORAGE_UNREACHABLE', `Cannot lock ${path}: ${(e as Error).message}`, { path });
      if (Date.now() - started > LOCK_TIMEOUT_MS) throw new StorageError('STORAGE_LOCKED', `${lock} has been held for ${LOCK_TIMEOUT_MS / 1000} s. If no process is writing the journal, delete ${lock}.`, { path: lock });
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}

function release(lock: string): void {
  const moved = `${lock}${globalThis.crypto.randomUUID()}.rename`;
  renameSync(lock, moved);
  unlinkSync(moved);
}
