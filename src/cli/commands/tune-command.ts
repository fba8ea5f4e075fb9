import { Option, type Command } from 'commander';
import { PRUNER_NAMES, SAMPLER_NAMES } from '../../tune/index.js';
import { nonNegativeInt, positiveFloat, positiveInt } from '../options.js';
import type { Runner } from './index.js';
import { storageFile } from './command-files.js';
import { tuneCommand } from './tune.js';

/** `keel tune`. */
export function registerTune(program: Command, run: Runner): void {
  program
    .command('tune')
    .description('hyperparameter search: run N more trials of a study (TPE, random, grid, QMC, CMA-ES, NSGA-II; pruning; SQLite or PostgreSQL shared by workers)')
    .option('--objective <file>', 'ES module (.mjs/.js) whose default export is async (trial, { TrialPruned }) => number | number[]')
    .option('--train-config <file>', 'tune a Keel MNIST MLP (lr, batch size, width, depth, dropout, weight decay) from a JSON config')
    .requiredOption('--study <name>', 'study name; an existing study is continued')
    .option('--storage <url>', 'memory | sqlite:PATH | journal:PATH (Optuna JournalFileStorage) | postgres://user@host:port/db', 'memory')
    .addOption(new Option('--sampler <name>', 'sampler').choices(SAMPLER_NAMES).default('tpe'))
    .addOption(new Option('--pruner <name>', 'pruner').choices(PRUNER_NAMES).default('none'))
    .addOption(new Option('--trials <n>', 'trials to run in this invocation, shared by its workers').argParser(nonNegativeInt('--trials')).makeOptionMandatory())
    .addOption(new Option('--workers <k>', 'local worker processes').argParser(positiveInt('--workers')).default(1))
    .addOption(new Option('--seed <s>', 'sampler seed (worker i uses s + i)').argParser(nonNegativeInt('--seed')))
    .addOption(new Option('--heartbeat-grace <seconds>', 'shared storages: a RUNNING trial without a heartbeat for this long is failed and re-queued (default 15)').argParser(positiveFloat('--heartbeat-grace')))
    .addOption(new Option('--trial-timeout <seconds>', 'fail a trial whose objective has not finished after this many seconds (TRIAL_TIMEOUT) and go on').argParser(positiveFloat('--trial-timeout')))
    .option('--direction <dir>', 'minimize | maximize, or a comma list for several objectives (default: the objective file\'s export, else minimize)')
    .option('--json <file>', 'write { best_value, best_params, n_trials, states } here')
    .option('--html <file>', 'write a self-contained HTML report: history, parallel coordinates, contour, importance')
    .action(run(tuneCommand, (o) => ({ inputs: [storageFile(o.storage), o.objective, o.trainConfig], outputs: [o.json, o.html] })));
}
