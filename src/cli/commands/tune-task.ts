import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../../core/index.js';
import type { CategoricalChoice, CreateStudyOptions, Objective, StudyDirection, Trial } from '../../tune/index.js';
import { TrialPruned, createPruner, createSampler } from '../../tune/index.js';
import { readTrainTuneConfig, trainGridSearchSpace, trainObjective } from '../../tune-objectives/index.js';
import type { SessionOptions } from '../../session/index.js';

/** Everything a tuning process needs to rebuild the same study; JSON, so workers get it on argv. */
export interface TuneSpec {
  readonly objective?: string;
  readonly trainConfig?: string;
  readonly study: string;
  readonly storage: string;
  readonly sampler: string;
  readonly pruner: string;
  readonly seed?: number;
  readonly direction?: readonly StudyDirection[];
  /** Seconds without a heartbeat after which a shared study's RUNNING trial counts as dead (default 15). */
  readonly heartbeatGrace?: number;
  /** Seconds after which a trial whose objective has not finished is failed (TRIAL_TIMEOUT). */
  readonly trialTimeout?: number;
  /** `--threads` and `--provider` of every session the objective starts, in each worker process too. */
  readonly session?: Pick<SessionOptions, 'threads' | 'provider'>;
}

/** What an objective file may hand to its objective besides the trial. */
export interface ObjectiveHelpers {
  /** Throw `new TrialPruned()` after `trial.shouldPrune()` returned true. */
  readonly TrialPruned: typeof TrialPruned;
}

/** A loaded task: the objective and the study options it implies. */
export interface TuneTask {
  readonly objective: Objective;
  readonly directions: readonly StudyDirection[];
  readonly gridSearchSpace?: Readonly<Record<string, readonly CategoricalChoice[]>>;
  readonly maxResource?: number;
}

const TS_EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx'];

/**
 * Loads the objective of a spec: an ES module whose default export is
 * `async (trial, { TrialPruned }) => number | number[]`, optionally exporting `direction` or
 * `directions`, `gridSearchSpace` (for `--sampler grid`) and `maxResource` (for hyperband);
 * or the built-in MNIST training objective of `--train-config`.
 *
 * @example `const task = await loadTuneTask({ objective: 'obj.mjs', ... });`
 */
export async function loadTuneTask(spec: TuneSpec): Promise<TuneTask> {
  if ((spec.objective === undefined) === (spec.trainConfig === undefined)) {
    throw new UsageError('TUNE_OBJECTIVE', 'Give exactly one of --objective FILE.mjs or --train-config FILE.json.', { flag: '--objective' });
  }
  if (spec.trainConfig !== undefined) {
    const config = readTrainTuneConfig(spec.trainConfig);
    return { objective: trainObjective(config), directions: ['minimize'], gridSearchSpace: trainGridSearchSpace(config), maxResource: config.epochs };
  }
  const path = resolve(spec.objective!);
  if (TS_EXTENSIONS.includes(extname(path))) {
    throw new UsageError('OBJECTIVE_TYPESCRIPT', `${spec.objective} is TypeScript, and no TypeScript loader is installed. Compile it first (npx tsc ${spec.objective} --module nodenext --target es2022) and pass the .js file, or write the objective as .mjs.`, { path });
  }
  if (!existsSync(path)) throw new UsageError('FILE_NOT_FOUND', `Objective file ${spec.objective} does not exist.`, { file: path });
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (e) {
    throw new UsageError('OBJECTIVE_IMPORT', `Cannot import objective ${spec.objective}: ${(e as Error).message}`, { path }, { cause: e });
  }
  const fn = mod['default'];
  if (typeof fn !== 'function') {
    throw new UsageError('OBJECTIVE_EXPORT', `${spec.objective} must have a default export \`async (trial) => number\`; it exports ${Object.keys(mod).join(', ') || 'nothing'}.`, { path });
  }
  const helpers: ObjectiveHelpers = { TrialPruned };
  const user = fn as (trial: Trial, helpers: ObjectiveHelpers) => number | readonly number[] | Promise<number | readonly number[]>;
  const exported = mod['directions'] ?? (mod['direction'] === undefined ? undefined : [mod['direction']]);
  const directions = checkDirections(exported, spec.objective!) ?? ['minimize'];
  const grid = mod['gridSearchSpace'];
  const maxResource = mod['maxResource'];
  return {
    objective: (trial) => user(trial, helpers),
    directions,
    ...(typeof grid === 'object' && grid !== null ? { gridSearchSpace: grid as Readonly<Record<string, readonly CategoricalChoice[]>> } : {}),
    ...(typeof maxResource === 'number' ? { maxResource } : {}),
  };
}

/**
 * Study options (sampler, pruner, directions, heartbeats) of a spec and its task. `worker` offsets
 * the sampler seed so that parallel workers do not propose the same points.
 * @example `createStudy(studyOptions(spec, task, 0))`
 */
export function studyOptions(spec: TuneSpec, task: TuneTask, worker: number): CreateStudyOptions {
  const sampler = createSampler(spec.sampler, {
    ...(spec.seed === undefined ? {} : { seed: spec.seed + worker }),
    ...(task.gridSearchSpace === undefined ? {} : { gridSearchSpace: task.gridSearchSpace }),
  });
  const pruner = createPruner(spec.pruner, task.maxResource === undefined ? {} : { maxResource: task.maxResource });
  const shared = spec.storage !== 'memory';
  return {
    studyName: spec.study,
    storage: spec.storage,
    loadIfExists: true,
    directions: spec.direction ?? task.directions,
    sampler,
    pruner,
    ...(shared ? { heartbeat: { intervalMs: Math.min(1000, ((spec.heartbeatGrace ?? 15) * 1000) / 4), gracePeriodMs: (spec.heartbeatGrace ?? 15) * 1000, requeue: true } } : {}),
  };
}

function checkDirections(value: unknown, file: string): StudyDirection[] | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value) && value.length > 0 && value.every((d) => d === 'minimize' || d === 'maximize')) return value as StudyDirection[];
  throw new UsageError('OBJECTIVE_DIRECTION', `${file}: export direction = 'minimize' | 'maximize' (or directions = [...]), got ${JSON.stringify(value)}.`, { file });
}
