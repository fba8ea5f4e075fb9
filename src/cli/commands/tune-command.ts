import type { Command } from 'commander';
import { PRUNER_NAMES, SAMPLER_NAMES } from '../../tune/index.js';
import { defineCommand } from '../define-command.js';
import type { FlagTable } from '../flags.js';
import { nonNegativeInt, positiveFloat, positiveInt } from '../options.js';
import { jsonFile } from '../output.js';
import { VOCABULARY } from '../vocabulary.js';
import { storageFile } from './command-files.js';
import type { Runner } from './index.js';
import { tuneCommand, type TuneOptions } from './tune.js';

/** `keel tune`'s flags. */
export const TUNE_FLAGS: FlagTable<TuneOptions> = {
  objective: { flag: '--objective <file>', help: 'ES module (.mjs/.js) whose default export is async (trial, { TrialPruned }) => number | number[]' },
  trainConfig: { flag: '--train-config <file>', help: 'tune a Keel MNIST MLP (lr, batch size, width, depth, dropout, weight decay) from a JSON config' },
  study: { flag: '--study <name>', help: 'study name; an existing study is continued', required: true },
  storage: { flag: '--storage <url>', help: 'memory | sqlite:PATH | journal:PATH (Optuna JournalFileStorage) | postgres://user@host:port/db', default: 'memory' },
  sampler: { flag: '--sampler <name>', help: 'sampler', choices: SAMPLER_NAMES, default: 'tpe' },
  pruner: { flag: '--pruner <name>', help: 'pruner', choices: PRUNER_NAMES, default: 'none' },
  trials: { flag: '--trials <n>', help: 'trials to run in this invocation, shared by its workers', parse: nonNegativeInt('--trials'), required: true },
  workers: { flag: '--workers <k>', help: 'local worker processes', parse: positiveInt('--workers'), default: 1 },
  seed: { ...VOCABULARY.seed, help: 'sampler seed (worker i uses s + i)' },
  heartbeatGrace: { flag: '--heartbeat-grace <seconds>', help: 'shared storages: a RUNNING trial without a heartbeat for this long is failed and re-queued (default 15)', parse: positiveFloat('--heartbeat-grace') },
  trialTimeout: { flag: '--trial-timeout <seconds>', help: 'fail a trial whose objective has not finished after this many seconds (TRIAL_TIMEOUT) and go on', parse: positiveFloat('--trial-timeout') },
  direction: { flag: '--direction <dir>', help: 'minimize | maximize, or a comma list for several objectives (default: the objective file\'s export, else minimize)' },
  json: { ...VOCABULARY.json, help: '{ best_value, best_params, n_trials, states }: a file, or - for stdout' },
  html: { flag: '--html <file>', help: 'write a self-contained HTML report: history, parallel coordinates, contour, importance' },
  threads: { ...VOCABULARY.threads, help: 'onnxruntime intra-op threads of every model the objective runs (--train-config, or Keel sessions in an --objective), in each worker (default 2)' },
  provider: { ...VOCABULARY.provider, help: 'onnxruntime execution provider of those models, in each worker' },
};

/** `keel tune`. */
export function registerTune(program: Command, run: Runner): void {
  defineCommand(program, run, {
    name: 'tune',
    description: 'hyperparameter search: run N more trials of a study (TPE, random, grid, QMC, CMA-ES, NSGA-II; pruning; SQLite or PostgreSQL shared by workers)',
    flags: TUNE_FLAGS,
    runsModel: true,
    action: tuneCommand,
    files: (o) => ({ inputs: [storageFile(o.storage), o.objective, o.trainConfig], outputs: [jsonFile(o.json), o.html] }),
  });
}
