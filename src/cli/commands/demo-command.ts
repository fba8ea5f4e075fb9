import { Option, type Command } from 'commander';
import { nonNegativeInt, oneOf, positiveInt } from '../options.js';
import { demoCommand } from './demo.js';
import { DEMO_DATASETS } from './demo-data.js';
import type { Runner } from './index.js';

/** `keel demo`. */
export function registerDemo(program: Command, run: Runner): void {
  program
    .command('demo')
    .description('the main job on bundled data: tune a small CNN (TPE + ASHA), train it, audit it and write OUT/audit/report.html')
    .option('--out <dir>', 'output folder (data/, train/, tune.db, audit.json, audit/); a previous demo there is replaced', 'keel-demo')
    .addOption(new Option('--dataset <name>', 'bundled data: mnist (12,000 training images, 28×28; about 1.5 min on two cores) or digits (scikit-learn 8×8 digits; about 15 s)').argParser(oneOf('--dataset', DEMO_DATASETS)).default('mnist'))
    .option('--quick', 'fewer trials, epochs and attacked rows (for tests and a first look)')
    .addOption(new Option('--trials <n>', 'tuning trials (0 = no tuning); default 8 (mnist), 10 (digits), 3 (--quick)').argParser(nonNegativeInt('--trials')))
    .addOption(new Option('--epochs <n>', 'most epochs of the final training run (early stopping may end it sooner)').argParser(positiveInt('--epochs')))
    .addOption(new Option('--seed <n>').argParser(nonNegativeInt('--seed')).default(0))
    .action(run(demoCommand, (o) => ({ inputs: [], outputs: [], outputFolders: [o.out] })));
}
