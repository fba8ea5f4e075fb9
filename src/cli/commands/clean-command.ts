import type { Command } from 'commander';
import { defineCommand } from '../define-command.js';
import type { FlagTable } from '../flags.js';
import { positiveInt } from '../options.js';
import { VOCABULARY } from '../vocabulary.js';
import { cleanCommand, type CleanCommandOptions } from './clean.js';
import type { Runner } from './index.js';

/** `keel clean`'s flags. */
export const CLEAN_FLAGS: FlagTable<CleanCommandOptions> = {
  input: { ...VOCABULARY.data, help: 'training data to clean (never modified)', required: true },
  output: { ...VOCABULARY.outFile, help: 'file: the cleaned copy (CSV)', required: true },
  review: { flag: '--review <file>', help: 'CSV listing every change', required: true },
  target: { ...VOCABULARY.target, help: 'label column' },
  test: { flag: '--test <file>', help: 'test data; rows leaked from training are dropped from its copy' },
  testOutput: { flag: '--test-out <file>', help: 'cleaned copy of the test data' },
  probs: { flag: '--probs <file.npy>', help: 'out-of-fold probabilities for label issues' },
  folds: { flag: '--folds <k>', help: 'without --probs: label issues from k-fold cross-validation of a Keel MLP', parse: positiveInt('--folds') },
  seed: { ...VOCABULARY.seed, help: 'seed of the cross-validation (default 0)' },
  labelIssues: { flag: '--label-issues <action>', help: 'drop, relabel or keep label issues (default drop)', choices: ['drop', 'relabel', 'keep'] },
  impute: { flag: '--impute <method>', help: 'median-mode (default) or none', choices: ['median-mode', 'none'] },
  dedupe: null,
  dropNearLeaks: null,
  labelIssueOptions: null,
  crossValidation: null,
  read: null,
};

/**
 * `keel clean`: writes a cleaned copy and a review CSV; inputs are never overwritten.
 *
 * @example
 * ```ts
 * registerClean(program, run); // keel clean --data a.csv --out a.clean.csv --review review.csv --target y
 * ```
 */
export function registerClean(program: Command, run: Runner): void {
  defineCommand(program, run, {
    name: 'clean',
    description: 'write a cleaned copy of a CSV plus a review CSV of every change (inputs are never modified)',
    flags: CLEAN_FLAGS,
    runsModel: true,
    action: cleanCommand,
  });
}
