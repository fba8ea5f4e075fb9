import type { Command } from 'commander';
import { defineCommand } from '../define-command.js';
import type { FlagTable } from '../flags.js';
import { positiveInt } from '../options.js';
import { TEXT_FLAGS, VOCABULARY } from '../vocabulary.js';
import { checkCommand, type CheckCommandOptions } from './check.js';
import type { Runner } from './index.js';

/** `keel check`'s flags. */
export const CHECK_FLAGS: FlagTable<CheckCommandOptions> = {
  data: { ...VOCABULARY.data, help: 'training data: CSV / JSON lines (optionally .gz), an image folder (one sub-folder per class), .npy, .npz (x, y) or IDX', required: true },
  test: { flag: '--test <path>', help: 'test data of the same kind, for leakage and drift checks' },
  target: { ...VOCABULARY.target, help: 'label column (CSV / JSON lines)' },
  text: { ...TEXT_FLAGS.text, help: 'column of texts: run the text checks (empty, duplicate and leaked texts, length and vocabulary drift, encoding problems; label issues from bag-of-words models)' },
  labels: VOCABULARY.labels,
  testLabels: { flag: '--test-labels <path>', help: 'labels of .npy / IDX --test data (1-D integers), for label drift' },
  probs: { flag: '--probs <file.npy>', help: 'out-of-fold predicted probabilities (n×k) for label issues' },
  folds: { flag: '--folds <k>', help: 'without --probs: find label issues from k-fold cross-validation of a Keel MLP', parse: positiveInt('--folds') },
  seed: { ...VOCABULARY.seed, help: 'seed of the cross-validation (default 0)' },
  json: { ...VOCABULARY.json, required: true },
  html: { flag: '--html <file>', help: 'also write a self-contained HTML report' },
  failOn: { flag: '--fail-on <level>', help: 'exit 1 when a check of this severity or worse fails (default error)', choices: ['warning', 'error'] },
  config: null,
};

/**
 * `keel check`: data-quality checks on a table, an image folder or arrays; writes a JSON (and
 * optionally HTML) report and exits 1 when a check at or above `--fail-on` fails.
 *
 * @example
 * ```ts
 * registerCheck(program, run); // keel check --data train.csv --target y --json report.json
 * ```
 */
export function registerCheck(program: Command, run: Runner): void {
  defineCommand(program, run, {
    name: 'check',
    description: 'data-quality checks (missing values, duplicates, leakage, drift, label issues, images, texts)',
    flags: CHECK_FLAGS,
    runsModel: true,
    action: async (o) => {
      const code = await checkCommand(o);
      if (code !== 0) process.exitCode = code;
    },
  });
}
