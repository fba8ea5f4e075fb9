import { type Command } from 'commander';
import type { Runner } from './index.js';
import { evaluateCommand } from './evaluate.js';

/** `keel evaluate`. */
export function registerEvaluate(program: Command, run: Runner): void {
  program
    .command('evaluate')
    .description('accuracy, per-class precision/recall/F1, confusion matrix, log loss and calibration (ECE) of a classifier')
    .requiredOption('--model <path>', 'ONNX classifier (logits out); preprocess.json and labels.json beside it are used for raw CSV')
    .requiredOption('--data <path>', 'features: .npy, IDX, .csv (with --target), a folder of class folders, or mnist-test')
    .option('--labels <path>', 'class labels for .npy/IDX features')
    .option('--target <column>', 'label column of a CSV')
    .option('--json <file>', 'write the report as JSON')
    .action(run(evaluateCommand, (o) => ({ inputs: [o.model, o.data, o.labels], outputs: [o.json] })));
}
