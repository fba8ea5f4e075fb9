import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { UsageError, exitCodeOf } from '../../core/index.js';
import { writeFileAtomic } from '../../io/index.js';
import type { FrozenTrial, OptimizeOptions, ParamValue, Study, StudyDirection } from '../../tune/index.js';
import { TRIAL_STATES, TuneError, abandonedObjectives, createStudy, paretoFront, renderStudyHtml } from '../../tune/index.js';
import { say, writeJson } from '../output.js';
import { formatError } from '../report.js';
import type { RunFlags } from '../vocabulary.js';
import { useSessionSettings } from '../../session/index.js';
import { tuneProgress } from './tune-progress.js';
import { loadTuneTask, studyOptions, type TuneSpec } from './tune-task.js';

/** Options of `keel tune` (see tune-command.ts): the study's spec, with directions as typed, plus this run's budget and outputs. */
export interface TuneOptions extends Omit<TuneSpec, 'direction' | 'session'>, RunFlags {
  readonly trials: number;
  readonly workers: number;
  /** Comma list, e.g. `minimize,maximize`. */
  readonly direction?: string;
  readonly json?: string;
  readonly html?: string;
}

/** The `--json` summary. */
export interface TuneSummary {
  readonly study: string;
  readonly best_value: number | readonly number[] | null;
  readonly best_params: Readonly<Record<string, ParamValue>> | null;
  readonly n_trials: number;
  readonly states: Readonly<Record<string, number>>;
  /** Multi-objective studies: the Pareto front. */
  readonly best_trials?: readonly { readonly number: number; readonly values: readonly number[]; readonly params: Readonly<Record<string, ParamValue>> }[];
}

/**
 * `keel tune`: reserves `--trials` more trials in the study and runs them in this process
 * (`--workers 1`) or in K worker processes that share them through the storage, printing a line
 * per finished trial (with the reason of each failure) to stderr; then writes the summary
 * (`--json`) and the insight report (`--html`). Re-running continues the study; trials a killed
 * run had reserved but not started are released, so each run does exactly `--trials`.
 */
export async function tuneCommand(o: TuneOptions): Promise<void> {
  const spec: TuneSpec = {
    study: o.study, storage: o.storage, sampler: o.sampler, pruner: o.pruner,
    ...(o.objective === undefined ? {} : { objective: o.objective }),
    ...(o.trainConfig === undefined ? {} : { trainConfig: o.trainConfig }),
    ...(o.seed === undefined ? {} : { seed: o.seed }),
    ...(o.heartbeatGrace === undefined ? {} : { heartbeatGrace: o.heartbeatGrace }),
    ...(o.trialTimeout === undefined ? {} : { trialTimeout: o.trialTimeout }),
    ...(o.direction === undefined ? {} : { direction: parseDirections(o.direction) }),
    session: { ...(o.threads === undefined ? {} : { threads: o.threads }), ...(o.provider === undefined ? {} : { provider: o.provider }) },
  };
  if (o.workers > 1 && o.storage === 'memory') {
    throw new UsageError('TUNE_WORKERS_MEMORY', '--workers > 1 needs a storage that processes share: --storage sqlite:FILE.db or postgres://…', { flag: '--workers' });
  }
  const task = await loadTuneTask(spec);
  const study = await createStudy(studyOptions(spec, task, 0));
  try {
    const reservation = await study.holdTrials(o.trials, `keel tune ${new Date().toISOString()}`);
    try {
      if (o.workers === 1) await study.optimize(task.objective, runOptions(spec, o.trials, ''));
      else await runWorkers(spec, o.workers);
    } finally {
      await reservation.close();
    }
    const trials = await study.getTrials();
    const summary = summarize(study, trials);
    if (o.json !== undefined) writeJson(o.json, summary);
    if (o.html !== undefined) writeFileAtomic(o.html, new TextEncoder().encode(renderStudyHtml(trials, { studyName: study.studyName, directions: study.directions })));
    const counts = Object.entries(summary.states).map(([s, n]) => `${s} ${n}`).join(', ');
    const best = summary.best_value === null ? 'no COMPLETE trial' : `best value ${JSON.stringify(summary.best_value)} ${JSON.stringify(summary.best_params)}`;
    say(o.json, `study ${study.studyName}: ${summary.n_trials} trials (${counts}); ${best}`);
  } finally {
    await study.close();
  }
  exitIfAbandoned();
}

/** Objectives that outlived `--trial-timeout` would keep this process alive: leave them behind. */
function exitIfAbandoned(): void {
  const n = abandonedObjectives();
  if (n === 0) return;
  process.stderr.write(`keel tune: exiting without waiting for ${n} objective(s) given up on (TRIAL_TIMEOUT or OBJECTIVE_NEVER_SETTLED).\n`);
  process.exit();
}

/**
 * The process entry of a `--workers` process (`node tune-worker.js '<TuneSpec JSON>' <index>`,
 * started by {@link tuneCommand}, never by users): runs {@link runTuneWorker}; an error prints
 * `keel: CODE: message` and sets the exit code (2 usage, 3 other).
 * @example `await tuneWorkerMain(process.argv);`
 */
export async function tuneWorkerMain(argv: readonly string[]): Promise<void> {
  const [json, index] = argv.slice(2);
  try {
    await runTuneWorker(JSON.parse(json ?? '{}') as TuneSpec, Number(index ?? 0));
  } catch (e) {
    process.stderr.write(`${formatError(e, false)}\n`);
    process.exitCode = exitCodeOf(e);
  }
}

/**
 * Runs one worker's share of a spec's reserved trials in this process (the body of each
 * `--workers` process).
 * @example `await runTuneWorker(spec, 2);`
 */
export async function runTuneWorker(spec: TuneSpec, index: number): Promise<void> {
  if (spec.session !== undefined) useSessionSettings(spec.session);
  const task = await loadTuneTask(spec);
  const study = await createStudy(studyOptions(spec, task, index));
  try {
    await study.optimize(task.objective, runOptions(spec, 0, `worker ${index}: `));
  } finally {
    await study.close();
  }
  exitIfAbandoned();
}

/** How a `keel tune` process runs its share: reserved trials only, a line per trial on stderr. */
function runOptions(spec: TuneSpec, total: number, label: string): OptimizeOptions<Study> {
  return {
    onlyWaiting: true,
    pollMs: 200,
    // keel tune records a throwing objective as a FAIL trial (with its reason) and goes on.
    catch: [Error],
    callbacks: [tuneProgress(process.stderr, total, label)],
    ...(spec.trialTimeout === undefined ? {} : { trialTimeoutMs: spec.trialTimeout * 1000 }),
  };
}

async function runWorkers(spec: TuneSpec, k: number): Promise<void> {
  const entry = fileURLToPath(new URL('./tune-worker.js', import.meta.url));
  const exits = await Promise.all(Array.from({ length: k }, (_, i) => new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [entry, JSON.stringify(spec), String(i)], { stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      process.stderr.write(d);
    });
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stderr });
    });
  })));
  const failed = exits.filter((e) => e.code !== 0);
  if (failed.length === k) {
    const line = failed[0]?.stderr.trim().split('\n').at(-1) ?? '';
    throw new TuneError('TUNE_WORKERS_FAILED', `All ${k} tuning workers failed; the first said: ${line.replace(/^keel: /, '')}`, { workers: k });
  }
}

function summarize(study: Study, trials: readonly FrozenTrial[]): TuneSummary {
  const states: Record<string, number> = {};
  for (const s of TRIAL_STATES) {
    const n = trials.filter((t) => t.state === s).length;
    if (n > 0) states[s] = n;
  }
  const complete = trials.filter((t) => t.state === 'COMPLETE' && t.values !== null);
  if (study.directions.length > 1) {
    const front = paretoFront(complete, study.directions).map((t) => ({ number: t.number, values: t.values!, params: t.params }));
    return { study: study.studyName, best_value: front[0]?.values ?? null, best_params: front[0]?.params ?? null, n_trials: trials.length, states, best_trials: front };
  }
  const sign = study.directions[0] === 'maximize' ? -1 : 1;
  let best: FrozenTrial | undefined;
  for (const t of complete) if (best === undefined || sign * t.values![0]! < sign * best.values![0]!) best = t;
  return { study: study.studyName, best_value: best?.values?.[0] ?? null, best_params: best?.params ?? null, n_trials: trials.length, states };
}

function parseDirections(value: string): StudyDirection[] {
  const parts = value.split(',').map((s) => s.trim());
  for (const p of parts) {
    if (p !== 'minimize' && p !== 'maximize') throw new UsageError('CLI_OPTION', `--direction must be minimize, maximize or a comma list of them, got "${value}".`, { value });
  }
  return parts as StudyDirection[];
}
