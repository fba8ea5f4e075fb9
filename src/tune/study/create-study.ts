import { UsageError, isKeelError } from '../../core/index.js';
import type { Pruner } from '../pruners/index.js';
import { MedianPruner } from '../pruners/index.js';
import type { Sampler } from '../samplers/index.js';
import { TpeSampler } from '../samplers/index.js';
import type { Storage, StudyRecord } from '../storages/index.js';
import { InMemoryStorage, openStorage } from '../storages/index.js';
import type { StudyDirection } from '../trial/index.js';
import { TuneError } from '../tune-error.js';
import type { HeartbeatOptions } from './fail-stale-trials.js';
import { Study } from './study.js';

/** Options of {@link createStudy}. */
export interface CreateStudyOptions {
  /** Unique name within the storage (default: a random `study-…` name). */
  readonly studyName?: string;
  /** Single-objective direction (default 'minimize'). */
  readonly direction?: StudyDirection;
  /** One direction per objective for multi-objective studies. */
  readonly directions?: readonly StudyDirection[];
  /** Default: `new TpeSampler()`. */
  readonly sampler?: Sampler;
  /** Default: `new MedianPruner()`. */
  readonly pruner?: Pruner;
  /** A Storage, or a URL: 'memory', 'sqlite:path.db', 'postgres://…'. Default: in memory. */
  readonly storage?: Storage | string;
  /** Resume the study when the name exists instead of throwing STUDY_EXISTS. */
  readonly loadIfExists?: boolean;
  /** Heartbeats let other workers fail (and re-queue) trials of a worker that died. */
  readonly heartbeat?: HeartbeatOptions;
}

/**
 * Creates (or with `loadIfExists`, resumes) a study.
 *
 * @example
 * ```ts
 * const study = await createStudy({ studyName: 'mlp', storage: 'sqlite:tune.db', loadIfExists: true });
 * await study.optimize(objective, { nTrials: 100 });
 * ```
 */
export async function createStudy(options: CreateStudyOptions = {}): Promise<Study> {
  const directions = resolveDirections(options);
  const studyName = options.studyName ?? `study-${globalThis.crypto.randomUUID()}`;
  const { storage, ownsStorage } = await resolveStorage(options.storage);
  let record: StudyRecord | undefined;
  try {
    const existing = await storage.findStudy(studyName);
    if (existing !== undefined && options.loadIfExists !== true) {
      throw new TuneError('STUDY_EXISTS', `A study named "${studyName}" already exists. Pass loadIfExists: true to resume it, or choose another name.`, { studyName });
    }
    record = existing;
    if (record === undefined) {
      try {
        record = await storage.createStudy(studyName, directions);
      } catch (e) {
        if (!(isKeelError(e, 'STUDY_EXISTS') && options.loadIfExists === true)) throw e;
        record = await storage.findStudy(studyName);
      }
    }
    if (record === undefined) throw new TuneError('STUDY_NOT_FOUND', `Study "${studyName}" vanished while it was being created.`, { studyName });
    if (record.directions.join(',') !== directions.join(',') && (options.direction !== undefined || options.directions !== undefined)) {
      throw new UsageError('DIRECTION_MISMATCH', `Study "${studyName}" exists with directions [${record.directions.join(', ')}], not [${directions.join(', ')}].`, { stored: record.directions, requested: directions });
    }
  } catch (e) {
    if (ownsStorage) await storage.close();
    throw e;
  }
  return build(record, storage, ownsStorage, options);
}

/**
 * Opens an existing study; throws `STUDY_NOT_FOUND` when there is none with this name.
 *
 * @example
 * ```ts
 * const study = await loadStudy({ studyName: 'mlp', storage: 'sqlite:tune.db' });
 * ```
 */
export async function loadStudy(options: Omit<CreateStudyOptions, 'direction' | 'directions' | 'loadIfExists'> & { readonly studyName: string }): Promise<Study> {
  const { storage, ownsStorage } = await resolveStorage(options.storage);
  const record = await storage.findStudy(options.studyName);
  if (record === undefined) {
    if (ownsStorage) await storage.close();
    throw new TuneError('STUDY_NOT_FOUND', `No study named "${options.studyName}" in storage ${storage.name}. Create it with createStudy().`, { studyName: options.studyName });
  }
  return build(record, storage, ownsStorage, options);
}

function build(record: StudyRecord, storage: Storage, ownsStorage: boolean, options: CreateStudyOptions): Study {
  const hb = options.heartbeat;
  if (hb !== undefined && !(hb.intervalMs > 0)) {
    throw new UsageError('INVALID_OPTION', `heartbeat.intervalMs must be > 0, got ${hb.intervalMs}.`, { intervalMs: hb.intervalMs });
  }
  return new Study({
    storage,
    ownsStorage,
    studyId: record.studyId,
    studyName: record.name,
    directions: record.directions,
    sampler: options.sampler ?? new TpeSampler(),
    pruner: options.pruner ?? new MedianPruner(),
    heartbeat: hb,
  });
}

function resolveDirections(options: CreateStudyOptions): readonly StudyDirection[] {
  if (options.direction !== undefined && options.directions !== undefined) {
    throw new UsageError('DIRECTION_CONFLICT', `Both direction (${options.direction}) and directions ([${options.directions.join(', ')}]) were given; pass one of them.`, { direction: options.direction, directions: options.directions });
  }
  const directions = options.directions ?? [options.direction ?? 'minimize'];
  if (directions.length === 0) throw new UsageError('INVALID_DIRECTION', 'directions is an empty list; give one direction per objective (minimize or maximize).', { directions: [] });
  for (const d of directions) {
    if (d !== 'minimize' && d !== 'maximize') {
      throw new UsageError('INVALID_DIRECTION', `Direction must be 'minimize' or 'maximize', got ${JSON.stringify(d)}.`, { direction: d });
    }
  }
  return directions;
}

async function resolveStorage(storage: Storage | string | undefined): Promise<{ storage: Storage; ownsStorage: boolean }> {
  if (storage === undefined) return { storage: new InMemoryStorage(), ownsStorage: true };
  if (typeof storage === 'string') return { storage: await openStorage(storage), ownsStorage: true };
  return { storage, ownsStorage: false };
}
