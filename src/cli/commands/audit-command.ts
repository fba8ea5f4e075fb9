import type { Command } from 'commander';
import { auditCommand } from './audit.js';
import type { Runner } from './index.js';
import { inFolder } from './command-files.js';

/** `keel audit`. */
export function registerAudit(program: Command, run: Runner): void {
  program
    .command('audit')
    .description('audit a model: data, generalization, explanations, fairness, robustness, ...; writes report.html/report.json; exit 1 when a check fails')
    .requiredOption('--model <path>', 'ONNX model (history.json and preprocess.json beside it are used when present)')
    .requiredOption('--data <path>', 'training data: CSV (with --target) or .npy inputs (with --labels)')
    .option('--labels <path>', 'labels .npy for .npy --data')
    .option('--test <path>', 'evaluation data (CSV or .npy); default: --data')
    .option('--test-labels <path>', 'labels .npy for .npy --test')
    .option('--target <column>', 'target column of CSV data')
    .option('--sensitive <columns>', 'comma-separated sensitive columns for fairness')
    .option('--config <path>', 'audit.json: thresholds per check id, sections, options')
    .requiredOption('--out <dir>', 'output folder for report.html and report.json')
    .option('--quiet', 'no progress display')
    .action(run(auditCommand, (o) => ({ inputs: [o.model, o.data, o.labels, o.test, o.testLabels, o.config], outputs: inFolder(o.out, ['report.json', 'report.html']), outputFolders: [o.out] })));
}
