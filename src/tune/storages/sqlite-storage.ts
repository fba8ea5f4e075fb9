import type BetterSqlite3 from 'better-sqlite3';
import { importOptional } from '../../core/index.js';
import { StorageError, TuneError } from '../tune-error.js';
import type { FrozenTrial, JsonValue, StudyDirection, TrialState, TrialUpdate } from '../trial/index.js';
import { isFinished } from '../trial/index.js';
import { applyTrialUpdate, newTrial } from './apply-trial-update.js';
import type { TrialInit } from './apply-trial-update.js';
import { studyExists } from './in-memory-storage.js';
import type { ClaimOptions, Storage, StudyRecord } from './storage.js';
import { decodeDirections, decodeJson, decodeTrialRow, encodeJson, encodeTrialData } from './trial-codec.js';
import type { TrialRow } from './trial-codec.js';

/** Options of {@link SqliteStorage.open}. */
export interface SqliteStorageOptions {
  /** How long SQLite waits for a lock before a retry (default 10 000 ms). */
  readonly busyTimeoutMs?: number;
  /** Retries after SQLITE_BUSY beyond the busy timeout (default 20, with backoff). */
  readonly maxRetries?: number;
}

interface StudyRow { study_id: number; name: string; directions: string; user_attrs: string }

const SCHEMA = `
CREATE TABLE IF NOT EXISTS keel_studies (
  study_id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE,
  directions TEXT NOT NULL, user_attrs TEXT NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS keel_trials (
  trial_id INTEGER PRIMARY KEY AUTOINCREMENT,
  study_id INTEGER NOT NULL REFERENCES keel_studies(study_id) ON DELETE CASCADE,
  number INTEGER NOT NULL, state TEXT NOT NULL, data TEXT NOT NULL, UNIQUE (study_id, number));
CREATE INDEX IF NOT EXISTS keel_trials_state ON keel_trials (study_id, state);`;

/**
 * SQLite storage, the embedded default for one machine. WAL journal (readers never block the
 * writer), a busy timeout plus retries with backoff (several processes, no "database is locked"
 * failures), and `BEGIN IMMEDIATE` around every read-modify-write so that trial numbers are
 * unique and a WAITING trial is claimed once. Finished trials are cached (they never change).
 *
 * @example
 * ```ts
 * const storage = await SqliteStorage.open('tune.db');
 * const study = await createStudy({ studyName: 'mlp', storage, loadIfExists: true });
 * ```
 */
export class SqliteStorage implements Storage {
  readonly name: string;
  private readonly db: BetterSqlite3.Database;
  private readonly maxRetries: number;
  private readonly finished = new Map<number, FrozenTrial>();

  private constructor(db: BetterSqlite3.Database, path: string, maxRetries: number) {
    this.db = db;
    this.name = `sqlite:${path}`;
    this.maxRetries = maxRetries;
  }

  /** Opens (and if needed creates) the database file. Throws `STORAGE_UNREACHABLE`. */
  static async open(path: string, options: SqliteStorageOptions = {}): Promise<SqliteStorage> {
    const { default: Database } = await importOptional('better-sqlite3', `The SQLite study storage (sqlite:${path})`, () => import('better-sqlite3'));
    let db: BetterSqlite3.Database;
    try {
      db = new Database(path, { timeout: options.busyTimeoutMs ?? 10_000 });
    } catch (e) {
      throw new StorageError('STORAGE_UNREACHABLE', `Cannot open SQLite database "${path}": ${(e as Error).message}. Check that the directory exists and is writable.`, { path }, { cause: e });
    }
    const storage = new SqliteStorage(db, path, options.maxRetries ?? 20);
    try {
      await storage.retry(() => {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        db.pragma('foreign_keys = ON');
        db.transaction(() => db.exec(SCHEMA)).immediate();
      });
    } catch (e) {
      db.close();
      if (typeof e === 'object' && e !== null && 'code' in e && (e.code === 'SQLITE_NOTADB' || e.code === 'SQLITE_CORRUPT')) {
        throw new StorageError('STORAGE_NOT_SQLITE', `"${path}" is not an SQLite database (${e instanceof Error ? e.message : e.code}); it was left untouched. Give a new file name or an existing Keel study database.`, { path }, { cause: e });
      }
      throw e;
    }
    return storage;
  }

  createStudy(name: string, directions: readonly StudyDirection[]): Promise<StudyRecord> {
    return this.retry(() => this.db.transaction(() => {
      if (this.db.prepare('SELECT 1 FROM keel_studies WHERE name = ?').get(name) !== undefined) throw studyExists(name);
      const info = this.db.prepare('INSERT INTO keel_studies (name, directions) VALUES (?, ?)').run(name, JSON.stringify(directions));
      return Object.freeze({ studyId: Number(info.lastInsertRowid), name, directions: Object.freeze(directions.slice()), userAttrs: Object.freeze({}) });
    }).immediate());
  }

  findStudy(name: string): Promise<StudyRecord | undefined> {
    return this.retry(() => {
      const row = this.db.prepare('SELECT * FROM keel_studies WHERE name = ?').get(name) as StudyRow | undefined;
      return row === undefined ? undefined : toRecord(row);
    });
  }

  listStudies(): Promise<readonly StudyRecord[]> {
    return this.retry(() => (this.db.prepare('SELECT * FROM keel_studies ORDER BY study_id').all() as StudyRow[]).map(toRecord));
  }

  deleteStudy(studyId: number): Promise<void> {
    return this.retry(() => {
      this.db.transaction(() => {
      this.db.prepare('DELETE FROM keel_trials WHERE study_id = ?').run(studyId);
      if (this.db.prepare('DELETE FROM keel_studies WHERE study_id = ?').run(studyId).changes === 0) throw studyNotFound(studyId);
    }).immediate();
    });
  }

  setStudyUserAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    return this.retry(() => {
      this.db.transaction(() => {
      const row = this.db.prepare('SELECT user_attrs FROM keel_studies WHERE study_id = ?').get(studyId) as { user_attrs: string } | undefined;
      if (row === undefined) throw studyNotFound(studyId);
      const attrs = { ...decodeJson(row.user_attrs), [key]: value };
      this.db.prepare('UPDATE keel_studies SET user_attrs = ? WHERE study_id = ?').run(encodeJson(attrs), studyId);
    }).immediate();
    });
  }

  createTrial(studyId: number, init: TrialInit): Promise<FrozenTrial> {
    return this.retry(() => this.db.transaction(() => {
      if (this.db.prepare('SELECT 1 FROM keel_studies WHERE study_id = ?').get(studyId) === undefined) throw studyNotFound(studyId);
      const { n } = this.db.prepare('SELECT COUNT(*) AS n FROM keel_trials WHERE study_id = ?').get(studyId) as { n: number };
      const draft = newTrial(0, n, init, Date.now());
      const info = this.db.prepare('INSERT INTO keel_trials (study_id, number, state, data) VALUES (?, ?, ?, ?)').run(studyId, n, draft.state, encodeTrialData(draft));
      return Object.freeze({ ...draft, trialId: Number(info.lastInsertRowid) });
    }).immediate());
  }

  claimWaitingTrial(studyId: number, options: ClaimOptions = {}): Promise<FrozenTrial | undefined> {
    return this.retry(() => this.db.transaction(() => {
      const row = this.db.prepare("SELECT trial_id, number, state, data FROM keel_trials WHERE study_id = ? AND state = 'WAITING' ORDER BY number LIMIT 1").get(studyId) as TrialRow | undefined;
      if (row === undefined) return undefined;
      return this.write(applyTrialUpdate(decodeTrialRow(row), { state: 'RUNNING', heartbeat: options.heartbeat === true, ...(options.systemAttrs === undefined ? {} : { systemAttrs: options.systemAttrs }) }, Date.now()));
    }).immediate());
  }

  updateTrial(trialId: number, update: TrialUpdate): Promise<FrozenTrial> {
    const cached = this.finished.get(trialId);
    if (cached !== undefined) {
      try {
        applyTrialUpdate(cached, update, Date.now());
      } catch (e) {
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    }
    return this.retry(() => this.db.transaction(() => this.write(applyTrialUpdate(this.readTrial(trialId), update, Date.now()))).immediate());
  }

  getTrial(trialId: number): Promise<FrozenTrial> {
    const cached = this.finished.get(trialId);
    if (cached !== undefined) return Promise.resolve(cached);
    return this.retry(() => this.remember(this.readTrial(trialId)));
  }

  getTrials(studyId: number, states?: readonly TrialState[]): Promise<readonly FrozenTrial[]> {
    return this.retry(() => this.db.transaction(() => {
      const heads = this.db.prepare('SELECT trial_id, state FROM keel_trials WHERE study_id = ? ORDER BY number').all(studyId) as { trial_id: number; state: TrialState }[];
      const one = this.db.prepare('SELECT trial_id, number, state, data FROM keel_trials WHERE trial_id = ?');
      const out: FrozenTrial[] = [];
      for (const h of heads) {
        if (states !== undefined && !states.includes(h.state)) continue;
        const cached = this.finished.get(h.trial_id);
        out.push(cached ?? this.remember(decodeTrialRow(one.get(h.trial_id) as TrialRow)));
      }
      return out;
    })());
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }

  private readTrial(trialId: number): FrozenTrial {
    const row = this.db.prepare('SELECT trial_id, number, state, data FROM keel_trials WHERE trial_id = ?').get(trialId) as TrialRow | undefined;
    if (row === undefined) throw new TuneError('TRIAL_NOT_FOUND', `No trial with id ${trialId} in ${this.name}.`, { trialId });
    return decodeTrialRow(row);
  }

  private write(trial: FrozenTrial): FrozenTrial {
    this.db.prepare('UPDATE keel_trials SET state = ?, data = ? WHERE trial_id = ?').run(trial.state, encodeTrialData(trial), trial.trialId);
    return this.remember(trial);
  }

  private remember(trial: FrozenTrial): FrozenTrial {
    if (isFinished(trial.state)) this.finished.set(trial.trialId, trial);
    return trial;
  }

  /** Runs `fn`, retrying with jittered backoff while SQLite reports a lock. */
  private async retry<T>(fn: () => T): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return fn();
      } catch (e) {
        const code = (e as { code?: unknown }).code;
        const busy = code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === 'SQLITE_BUSY_SNAPSHOT';
        if (!busy) throw e;
        if (attempt >= this.maxRetries) {
          throw new StorageError('STORAGE_BUSY', `SQLite database ${this.name} stayed locked after ${attempt + 1} attempts. Too many writers for SQLite: use PostgreSQL storage.`, { attempts: attempt + 1 }, { cause: e });
        }
        await new Promise((r) => setTimeout(r, Math.min(1000, 10 * 2 ** attempt) * (0.5 + Math.random())));
      }
    }
  }
}

function toRecord(row: StudyRow): StudyRecord {
  return Object.freeze({ studyId: row.study_id, name: row.name, directions: decodeDirections(row.directions), userAttrs: decodeJson(row.user_attrs) });
}

function studyNotFound(studyId: number): TuneError {
  return new TuneError('STUDY_NOT_FOUND', `No study with id ${studyId} in this storage.`, { studyId });
}
