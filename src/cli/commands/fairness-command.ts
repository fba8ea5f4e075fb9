import type { Command } from 'commander';
import { defineCommand } from '../define-command.js';
import type { FlagTable } from '../flags.js';
import { jsonFile } from '../output.js';
import { nonNegativeInt, positiveFloat, positiveInt } from '../options.js';
import { VOCABULARY } from '../vocabulary.js';
import { inFolder } from './command-files.js';
import { fairnessCommand, mitigateCommand, MITIGATE_OUTPUTS, type FairnessOptions, type MitigateOptions } from './fairness.js';
import type { Runner } from './index.js';

/** The flags `keel fairness` and `keel fairness mitigate` share. */
const SHARED = {
  target: { ...VOCABULARY.target, help: 'true label column', required: true },
  sensitive: { flag: '--sensitive <cols>', help: 'sensitive column(s), comma-separated', required: true },
  positive: { flag: '--positive <label>', help: 'positive class (required unless labels are 0/1 or true/false)' },
  columns: { flag: '--columns <names>', help: 'column names of a header-less CSV, comma-separated' },
} as const;

/** `keel fairness`'s flags. */
export const FAIRNESS_FLAGS: FlagTable<FairnessOptions> = {
  data: { flag: '--data <csv>', help: 'CSV with a header (or pass --columns)', required: true },
  ...SHARED,
  model: { flag: '--model <onnx>', help: 'binary classifier (uses the preprocess.json beside it when present); give this or --predictions' },
  predictions: { flag: '--predictions <col>', help: 'column of predicted labels; give this or --model' },
  thresholds: { flag: '--thresholds <json>', help: 'thresholds.json of `fairness mitigate --method threshold` (with --model)' },
  json: { ...VOCABULARY.json, required: true },
  html: { flag: '--html <file>', help: 'self-contained HTML report' },
  bootstrap: { flag: '--bootstrap <n>', help: 'bootstrap replicates for confidence intervals (0 = none)', parse: nonNegativeInt('--bootstrap'), default: 200 },
  seed: { ...VOCABULARY.seed, help: 'seed of bootstrap and randomized predictions', default: 0 },
  allowEmptyGroups: { flag: '--allow-empty-groups', help: 'report training groups absent from the data as null instead of failing' },
};

/** `keel fairness mitigate`'s flags. */
export const MITIGATE_FLAGS: FlagTable<MitigateOptions> = {
  method: { flag: '--method <name>', help: 'mitigation', choices: ['reweigh', 'reduction', 'threshold'], required: true },
  constraint: { flag: '--constraint <name>', help: 'fairness constraint', choices: ['demographic_parity', 'equalized_odds'], default: 'demographic_parity' },
  data: { flag: '--data <csv>', help: 'training CSV', required: true },
  ...SHARED,
  test: { flag: '--test <csv>', help: 'held-out CSV for the trade-off (default: the training data)' },
  out: { ...VOCABULARY.outFolder, help: `output folder (created when missing): ${MITIGATE_OUTPUTS.join(', ')}`, required: true },
  hidden: { flag: '--hidden <n>', help: 'hidden units of the MLP (0 = logistic regression)', parse: nonNegativeInt('--hidden'), default: 32 },
  epochs: { flag: '--epochs <n>', help: 'training epochs per model', parse: positiveInt('--epochs'), default: 6 },
  eps: { flag: '--eps <x>', help: 'reduction: allowed constraint violation of the written model', parse: positiveFloat('--eps'), default: 0.01 },
  tolerance: { flag: '--tolerance <x>', help: 'threshold: allowed training disparity of the written rule', parse: positiveFloat('--tolerance'), default: 0.01 },
  seed: { ...VOCABULARY.seed, default: 0 },
  dropSensitive: { flag: '--drop-sensitive', help: 'do not use the sensitive columns as model inputs' },
  allowEmptyGroups: { flag: '--allow-empty-groups', help: 'accept a --test file that lacks a training group' },
};

/** `keel fairness` (metrics by group) and `keel fairness mitigate`. */
export function registerFairness(program: Command, run: Runner): void {
  const fairness = defineCommand(program, run, {
    name: 'fairness',
    description: 'fairness metrics by group of a model or a predictions column on a CSV (and `fairness mitigate`)',
    flags: FAIRNESS_FLAGS,
    runsModel: true,
    action: fairnessCommand,
    files: (o) => ({ inputs: [o.data, o.model, o.thresholds], outputs: [jsonFile(o.json), o.html] }),
  });
  // Flags both commands have (--data, --target, ...) are parsed by `fairness` wherever they appear; readFlags takes them from there.
  defineCommand(fairness, run, {
    name: 'mitigate',
    description: 'train a Keel model with a fairness mitigation; write it and the accuracy/disparity trade-off',
    flags: MITIGATE_FLAGS,
    runsModel: true,
    action: mitigateCommand,
    files: (o) => ({ inputs: [o.data, o.test], outputs: inFolder(o.out, MITIGATE_OUTPUTS), outputFolders: [o.out] }),
  });
}
