import type { Pool, PoolClient } from 'pg';
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

/** Options of {@link PostgresStorage.open}. */
export interface PostgresStorageOptions {
  /** Give up connecting after this long (default 5000 ms): an unreachable server fails fast. */
  readonly connectTimeoutMs?: number;
  /** Pool size (default 4). */
  readonly maxConnections?: number;
}

interface StudyRow { study_id: string | number; name: string; directions: string; user_attrs: string }

const SCHEMA = `
CREATE TABLE IF NOT EXISTS keel_studies (
  study_id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE,
  directions TEXT NOT NULL, user_attrs TEXT NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS keel_trials (
  trial_id BIGSERIAL PRIMARY KEY,
  study_id BIGINT NOT NULL REFERENCES keel_studies(study_id) ON DELETE CASCADE,
  number INTEGER NOT NULL, state TEXT NOT NULL, data TEXT NOT NULL, UNIQUE (study_id, number));
CREATE INDEX IF NOT EXISTS keel_trials_state ON keel_trials (study_id, state);`;

/** Arbitrary constant for the advisory lock that serialises schema creation. */
const SCHEMA_LOCK = 0x6b65656c;

/**
 * PostgreSQL storage for workers on many machines. Every read-modify-write runs in a
 * transaction holding a row lock (`SELECT … FOR UPDATE`); trial numbers are assigned under a
 * lock on the study row; WAITING trials are claimed with `FOR UPDATE SKIP LOCKED`, so no trial
 * runs twice and claimers never queue behind each other. Finished trials are cached locally.
 *
 * @example
 * ```ts
 * const storage = await PostgresStorage.open('postgres://keel@db/keel', { connectTimeoutMs: 3000 });
 * ```
 */
export class PostgresStorage implements Storage {
  readonly name: string;
  private readonly pool: Pool;
  private readonly finished = new Map<number, FrozenTrial>();

  private constructor(pool: Pool, url: string) {
    this.pool = pool;
    this.name = `postgres:${redact(url)}`;
  }

  /** Connects and creates the schema if needed. Throws `STORAGE_UNREACHABLE` quickly when the server cannot be reached. */
  static async open(url: string, options: PostgresStorageOptions = {}): Promise<PostgresStorage> {
    const { default: pg } = await importOptional('pg', 'The PostgreSQL study storage', () => import('pg'));
    const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: options.connectTimeoutMs ?? 5000, max: options.maxConnections ?? 4 });
    pool.on('error', () => undefined);
    const storage = new PostgresStorage(pool, url);
    let client: PoolClient;
    try {
      client = await pool.connect();
    } catch (e) {
      await pool.end().catch(() => undefined);
      throw new StorageError('STORAGE_UNREACHABLE', `Cannot connect to PostgreSQL at ${redact(url)}: ${(e as Error).message}. Check host, port, credentials and that the server is running.`, { url: redact(url) }, { cause: e });
    }
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
      await client.query(SCHEMA);
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
      await pool.end().catch(() => undefined);
      throw new StorageError('STORAGE_SCHEMA', `Cannot create Keel's tables in ${redact(url)}: ${(e as Error).message}. Check that the user may CREATE TABLE in that database.`, { url: redact(url), reason: (e as Error).message }, { cause: e });
    }
    client.release();
    return storage;
  }

  async createStudy(name: string, directions: readonly StudyDirection[]): Promise<StudyRecord> {
    try {
      const r = await this.pool.query<{ study_id: string }>('INSERT INTO keel_studies (name, directions) VALUES ($1, $2) RETURNING study_id', [name, JSON.stringify(directions)]);
      return Object.freeze({ studyId: Number(r.rows[0]!.study_id), name, directions: Object.freeze(directions.slice()), userAttrs: Object.freeze({}) });
    } catch (e) {
      if ((e as { code?: unknown }).code === '23505') throw studyExists(name);
      throw e;
    }
  }

  async findStudy(name: string): Promise<StudyRecord | undefined> {
    const r = await this.pool.query<StudyRow>('SELECT * FROM keel_studies WHERE name = $1', [name]);
    return r.rows[0] === undefined ? undefined : toRecord(r.rows[0]);
  }

  async listStudies(): Promise<readonly StudyRecord[]> {
    return (await this.pool.query<StudyRow>('SELECT * FROM keel_studies ORDER BY study_id')).rows.map(toRecord);
  }

  async deleteStudy(studyId: number): Promise<void> {
    const r = await this.pool.query('DELETE FROM keel_studies WHERE study_id = $1', [studyId]);
    if (r.rowCount === 0) throw studyNotFound(studyId);
  }

  async setStudyUserAttr(studyId: number, key: string, value: JsonValue): Promise<void> {
    await this.tx(async (c) => {
      const r = await c.query<{ user_attrs: string }>('SELECT user_attrs FROM keel_studies WHERE study_id = $1 FOR UPDATE', [studyId]);
      if (r.rows[0] === undefined) throw studyNotFound(studyId);
      const attrs = { ...decodeJson(r.rows[0].user_attrs), [key]: value };
      await c.query('UPDATE keel_studies SET user_attrs = $1 WHERE study_id = $2', [encodeJson(attrs), studyId]);
    });
  }

  createTrial(studyId: number, init: TrialInit): Promise<FrozenTrial> {
    return this.tx(async (c) => {
      const s = await c.query('SELECT study_id FROM keel_studies WHERE study_id = $1 FOR UPDATE', [studyId]);
      if (s.rowCount === 0) throw studyNotFound(studyId);
      const n = Number((await c.query<{ n: string }>('SELECT COUNT(*) AS n FROM keel_trials WHERE study_id = $1', [studyId])).rows[0]!.n);
      const draft = newTrial(0, n, init, Date.now());
      const r = await c.query<{ trial_id: string }>('INSERT INTO keel_trials (study_id, number, state, data) VALUES ($1, $2, $3, $4) RETURNING trial_id', [studyId, n, draft.state, encodeTrialData(draft)]);
      return Object.freeze({ ...draft, trialId: Number(r.rows[0]!.trial_id) });
    });
  }

  claimWaitingTrial(studyId: number, options: ClaimOptions = {}): Promise<FrozenTrial | undefined> {
    return this.tx(async (c) => {
      const r = await c.query<TrialRow>("SELECT trial_id, number, state, data FROM keel_trials WHERE study_id = $1 AND state = 'WAITING' ORDER BY number LIMIT 1 FOR UPDATE SKIP LOCKED", [studyId]);
      if (r.rows[0] === undefined) return undefined;
      return this.write(c, applyTrialUpdate(decodeTrialRow(r.rows[0]), { state: 'RUNNING', heartbeat: options.heartbeat === true, ...(options.systemAttrs === undefined ? {} : { systemAttrs: options.systemAttrs }) }, Date.now()));
    });
  }

  async updateTrial(trialId: number, update: TrialUpdate): Promise<FrozenTrial> {
    const cached = this.finished.get(trialId);
    if (cached !== undefined) applyTrialUpdate(cached, update, Date.now());
    return this.tx(async (c) => {
      const r = await c.query<TrialRow>('SELECT trial_id, number, state, data FROM keel_trials WHERE trial_id = $1 FOR UPDATE', [trialId]);
      if (r.rows[0] === undefined) throw trialNotFound(trialId);
      return this.write(c, applyTrialUpdate(decodeTrialRow(r.rows[0]), update, Date.now()));
    });
  }

  async getTrial(trialId: number): Promise<FrozenTrial> {
    const cached = this.finished.get(trialId);
    if (cached !== undefined) return cached;
    const r = await this.pool.query<TrialRow>('SELECT trial_id, number, state, data FROM keel_trials WHERE trial_id = $1', [trialId]);
    if (r.rows[0] === undefined) throw trialNotFound(trialId);
    return this.remember(decodeTrialRow(r.rows[0]));
  }

  async getTrials(studyId: number, states?: readonly TrialState[]): Promise<readonly FrozenTrial[]> {
    const known = [...this.finished.keys()];
    const r = await this.pool.query<{ trial_id: string; number: number; state: string; data: string | null }>(
      'SELECT trial_id, number, state, CASE WHEN trial_id = ANY($2::bigint[]) THEN NULL ELSE data END AS data FROM keel_trials WHERE study_id = $1 AND ($3::text[] IS NULL OR state = ANY($3::text[])) ORDER BY number',
      [studyId, known, states === undefined ? null : [...states]],
    );
    return r.rows.map((row) => this.finished.get(Number(row.trial_id)) ?? this.remember(decodeTrialRow({ ...row, data: row.data ?? '{}' })));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async write(c: PoolClient, trial: FrozenTrial): Promise<FrozenTrial> {
    await c.query('UPDATE keel_trials SET state = $1, data = $2 WHERE trial_id = $3', [trial.state, encodeTrialData(trial), trial.trialId]);
    return trial;
  }

  private remember(trial: FrozenTrial): FrozenTrial {
    if (isFinished(trial.state)) this.finished.set(trial.trialId, trial);
    return trial;
  }

  /**
   * A pooled connection. A busy server can let a connection attempt time out; that is retried
   * with backoff (8 attempts) before it becomes a typed `STORAGE_BUSY` error, so one slow moment
   * does not end a worker and release its reserved trials.
   */
  private async connect(): Promise<PoolClient> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.pool.connect();
      } catch (e) {
        const transient = /timeout|ECONNRESET|too many clients/i.test((e as Error).message);
        if (!transient) throw e;
        if (attempt >= 7) {
          throw new StorageError('STORAGE_BUSY', `PostgreSQL at ${redact(this.name)} did not accept a connection after ${attempt + 1} attempts (${(e as Error).message}). The server is overloaded: use fewer workers or raise its max_connections.`, { attempts: attempt + 1 }, { cause: e });
        }
        await new Promise((r) => setTimeout(r, Math.min(4000, 100 * 2 ** attempt) * (0.5 + Math.random())));
      }
    }
  }

  private async tx<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
    const c = await this.connect();
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  }
}

/** Hides the password of a connection URL. */
function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

function toRecord(row: StudyRow): StudyRecord {
  return Object.freeze({ studyId: Number(row.study_id), name: row.name, directions: decodeDirections(row.directions), userAttrs: decodeJson(row.user_attrs) });
}

function studyNotFound(studyId: number): TuneError {
  return new TuneError('STUDY_NOT_FOUND', `No study with id ${studyId} in this storage.`, { studyId });
}

function trialNotFound(trialId: number): TuneError {
  return new TuneError('TRIAL_NOT_FOUND', `No trial with id ${trialId} in this storage.`, { trialId });
}
