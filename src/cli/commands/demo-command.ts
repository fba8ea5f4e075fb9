import type { Command } from 'commander';
import { defineCommand } from '../define-command.js';
import type { FlagTable } from '../flags.js';
import { nonNegativeInt, oneOf, positiveInt } from '../options.js';
import { VOCABULARY } from '../vocabulary.js';
import { demoCommand, type DemoOptions } from './demo.js';
import { DEMO_DATASETS } from './demo-task.js';
import type { Runner } from './index.js';

/** `keel demo`'s flags. */
export const DEMO_FLAGS: FlagTable<DemoOptions> = {
  out: { ...VOCABULARY.outFolder, help: 'output folder (data/, train/, tune.db, audit.json, audit/); a previous demo there is replaced', default: 'keel-demo' },
  dataset: { flag: '--dataset <name>', help: 'bundled data: mnist (12,000 training images, 28×28; about 1.5 min on two cores), digits (scikit-learn 8×8 digits; about 15 s) or sms (the SMS Spam Collection, 5,574 messages: a TextCNN or LSTM spam filter and the text audit; about 2 min)', parse: oneOf('--dataset', DEMO_DATASETS), default: 'mnist' },
  quick: { flag: '--quick', help: 'fewer trials, epochs and attacked rows (for tests and a first look)' },
  trials: { flag: '--trials <n>', help: 'tuning trials (0 = no tuning); default 8 (mnist), 10 (digits), 6 (sms); 3 with --quick (2 for sms)', parse: nonNegativeInt('--trials') },
  epochs: { flag: '--epochs <n>', help: 'most epochs of the final training run (early stopping may end it sooner)', parse: positiveInt('--epochs') },
  seed: { ...VOCABULARY.seed, default: 0 },
};

/** `keel demo`. */
export function registerDemo(program: Command, run: Runner): void {
  defineCommand(program, run, {
    name: 'demo',
    description: 'the main job on bundled data: tune a small CNN or, with --dataset sms, a text classifier (TPE + ASHA), train it, audit it and write OUT/audit/report.html; exits 1 when the audit gate fails',
    flags: DEMO_FLAGS,
    runsModel: true,
    action: demoCommand,
    files: (o) => ({ inputs: [], outputs: [], outputFolders: [o.out] }),
  });
}
