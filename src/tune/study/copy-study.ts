import type { Storage } from '../storages/index.js';
import { openStorage } from '../storages/index.js';
import type { TrialUpdate } from '../trial/index.js';
import { TuneError } from '../tune-error.js';

/** Options of {@link copyStudy}. */
export interface CopyStudyOptions {
  readonly fromStudyName: string;
  /** A Storage or a URL ('sqlite:a.db', 'postgres://…', 'journal:a.log'). */
  readonly fromStorage: Storage | string;
  readonly toStorage: Storage | string;
  /** Default: the source name. */
  readonly toStudyName?: string;
}

/**
 * Copies a study — directions, user attributes and every trial with its state, parameters,
 * values, intermediate values and attributes, in order — into another storage (or under another
 * name), like Optuna's `copy_study`. The copy must not exist yet (`STUDY_EXISTS`). A trial that
 * was RUNNING in the source is copied as FAIL (no worker will finish it in the copy); start and
 * completion times are those of the copy. Returns the number of trials copied.
 *
 * @example
 * ```ts
 * await copyStudy({ fromStudyName: 'mlp', fromStorage: 'sqlite:tune.db', toStorage: 'journal:mlp.log' });
 * ```
 */
export async function copyStudy(options: CopyStudyOptions): Promise<number> {
  const from = typeof options.fromStorage === 'string' ? await openStorage(options.fromStorage) : options.fromStorage;
  const to = typeof options.toStorage === 'string' ? await openStorage(options.toStorage) : options.toStorage;
  try {
    const source = await from.findStudy(options.fromStudyName);
    if (source === undefined) throw new TuneError('STUDY_NOT_FOUND', `No study named "${options.fromStudyName}" in storage ${from.name}; nothing to copy.`, { studyName: options.fromStudyName });
    const name = options.toStudyName ?? source.name;
    if (from === to && name === source.name) throw new TuneError('STUDY_EXISTS', `Copying "${name}" onto itself: give toStudyName or another storage.`, { studyName: name });
    const target = await to.createStudy(name, source.directions);
    for (const [key, value] of Object.entries(source.userAttrs)) await to.setStudyUserAttr(target.studyId, key, value);
    const trials = await from.getTrials(source.studyId);
    for (const t of trials) {
      const waiting = t.state === 'WAITING';
      const copy = await to.createTrial(target.studyId, { state: waiting ? 'WAITING' : 'RUNNING', userAttrs: t.userAttrs, systemAttrs: t.systemAttrs });
      const params = Object.fromEntries(Object.entries(t.distributions).map(([n, distribution]) => [n, { distribution, value: t.params[n] ?? null }]));
      const update: TrialUpdate = t.state === 'RUNNING'
        ? { params, intermediate: t.intermediateValues, state: 'FAIL', systemAttrs: { failReason: 'The trial was RUNNING when its study was copied.', failCode: 'COPIED_WHILE_RUNNING' } }
        : { params, intermediate: t.intermediateValues, ...(waiting ? {} : { state: t.state, values: t.values }) };
      await to.updateTrial(copy.trialId, update);
    }
    return trials.length;
  } finally {
    if (typeof options.fromStorage === 'string') await from.close();
    if (typeof options.toStorage === 'string') await to.close();
  }
}
