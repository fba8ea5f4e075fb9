import { Option, type Command } from 'commander';
import { positiveInt } from '../options.js';
import type { Runner } from './index.js';
import { predictCommand } from './predict.js';

/** `keel predict`. */
export function registerPredict(program: Command, run: Runner): void {
  program
    .command('predict')
    .description('model output for every row of an .npy input or a raw CSV (with the preprocess.json keel train saved beside the model)')
    .requiredOption('--model <path>', 'ONNX model')
    .option('--input <path>', 'input .npy (first axis = rows)')
    .option('--data <path>', 'input .npy, or a raw .csv: columns found by name, scaled and one-hot encoded as in training')
    .option('--preprocess <file>', 'preprocessing of a raw CSV (default: preprocess.json beside the model)')
    .option('--out <path>', '.npy (raw outputs) or .csv (predicted class + probabilities, or values); default: CSV on stdout')
    .addOption(new Option('--batch-size <n>', 'rows per runtime call').argParser(positiveInt('--batch-size')).default(1024))
    .addOption(new Option('--threads <n>', 'intra-op threads').argParser(positiveInt('--threads')))
    .addOption(new Option('--provider <name>', 'execution provider').choices(['cpu', 'cuda', 'webgpu']).default('cpu'))
    .action(run(predictCommand, (o) => ({ inputs: [o.model, o.input, o.data, o.preprocess], outputs: [o.out] })));
}
