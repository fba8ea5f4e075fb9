import { Option, type Command } from 'commander';
import { nonNegativeInt, positiveFloat, positiveInt } from '../options.js';
import type { Runner } from './index.js';
import { UsageError } from '../../core/index.js';
import { inFolder } from './command-files.js';

const MITIGATE_OUTPUTS = ['model.onnx', 'preprocess.json', 'labels.json', 'thresholds.json', 'tradeoff.json', 'tradeoff.svg', 'tradeoff.html'];

/** UsageError `MISSING_OPTION` (exit 2) for the first of `flags` that was not given. */
function requireOptions<T extends object>(o: T, flags: readonly (keyof T & string)[], command: string): void {
  for (const flag of flags) {
    if (o[flag] === undefined) {
      const name = flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      throw new UsageError('MISSING_OPTION', `required option '--${name}' not specified (see keel ${command} --help)`, { option: `--${name}` });
    }
  }
}
import { fairnessCommand } from './fairness.js';
import { mitigateCommand, type MitigateOptions } from './fairness-mitigate.js';

/** `keel fairness` (metrics by group) and `keel fairness mitigate`. */
export function registerFairness(program: Command, run: Runner): void {
  const fairness = program
    .command('fairness')
    .description('fairness metrics by group of a model or a predictions column on a CSV (and `fairness mitigate`)')
    .option('--data <csv>', 'CSV with a header (or pass --columns)')
    .option('--target <col>', 'true label column')
    .option('--sensitive <cols>', 'sensitive column(s), comma-separated')
    .option('--model <onnx>', 'binary classifier (uses the preprocess.json beside it when present)')
    .option('--predictions <col>', 'column of predicted labels')
    .option('--thresholds <json>', 'thresholds.json of `fairness mitigate --method threshold` (with --model)')
    .option('--positive <label>', 'positive class (required unless labels are 0/1 or true/false)')
    .option('--columns <names>', 'column names of a header-less CSV, comma-separated')
    .option('--json <file>', 'report JSON')
    .option('--html <file>', 'self-contained HTML report')
    .addOption(new Option('--bootstrap <n>', 'bootstrap replicates for confidence intervals (0 = none)').argParser(nonNegativeInt('--bootstrap')).default(200))
    .addOption(new Option('--seed <n>', 'seed of bootstrap and randomized predictions').argParser(nonNegativeInt('--seed')).default(0))
    .option('--allow-empty-groups', 'report training groups absent from the data as null instead of failing')
    .action(run(async (o: Parameters<typeof fairnessCommand>[0]) => {
      requireOptions(o, ['data', 'target', 'sensitive', 'json'], 'fairness');
      await fairnessCommand(o);
    }, (o) => ({ inputs: [o.data, o.model, o.thresholds], outputs: [o.json, o.html] })));
  // The parent command parses the options both commands share, wherever they appear.
  const withShared = (o: MitigateOptions): MitigateOptions => ({ ...fairness.opts(), ...o });
  fairness
    .command('mitigate')
    .description('train a Keel model with a fairness mitigation; write it and the accuracy/disparity trade-off')
    .addOption(new Option('--method <name>', 'mitigation').choices(['reweigh', 'reduction', 'threshold']).makeOptionMandatory())
    .addOption(new Option('--constraint <name>', 'fairness constraint').choices(['demographic_parity', 'equalized_odds']).default('demographic_parity'))
    .option('--data <csv>', 'training CSV')
    .option('--target <col>', 'label column')
    .option('--sensitive <cols>', 'sensitive column(s), comma-separated')
    .option('--test <csv>', 'held-out CSV for the trade-off (default: the training data)')
    .requiredOption('--out <dir>', 'output directory')
    .option('--positive <label>', 'positive class')
    .option('--columns <names>', 'column names of header-less CSVs')
    .addOption(new Option('--hidden <n>', 'hidden units of the MLP (0 = logistic regression)').argParser(nonNegativeInt('--hidden')).default(32))
    .addOption(new Option('--epochs <n>', 'training epochs per model').argParser(positiveInt('--epochs')).default(6))
    .addOption(new Option('--eps <x>', 'reduction: allowed constraint violation of the written model').argParser(positiveFloat('--eps')).default(0.01))
    .addOption(new Option('--tolerance <x>', 'threshold: allowed training disparity of the written rule').argParser(positiveFloat('--tolerance')).default(0.01))
    .addOption(new Option('--seed <n>', 'seed').argParser(nonNegativeInt('--seed')).default(0))
    .option('--drop-sensitive', 'do not use the sensitive columns as model inputs')
    .option('--allow-empty-groups', 'accept a --test file that lacks a training group')
    .action(run(async (o: MitigateOptions) => {
      const merged = withShared(o);
      requireOptions(merged, ['data', 'target', 'sensitive'], 'fairness mitigate');
      await mitigateCommand(merged);
    }, (o) => {
      const m = withShared(o);
      return { inputs: [m.data, m.test], outputs: inFolder(m.out, MITIGATE_OUTPUTS), outputFolders: [m.out] };
    }));
}
