import { Option, type Command } from 'commander';
import { positiveInt } from '../options.js';
import type { Runner } from './index.js';
import { predictCommand } from './predict.js';

/** `keel predict`. */
export function registerPredict(program: Command, run: Runner): void {
  program
    .command('predict')
    .description('raw model output for every row of an .npy input')
    .requiredOption('--model <path>', 'ONNX model')
    .requiredOption('--input <path>', 'input .npy (first axis = rows)')
    .requiredOption('--out <path>', 'output .npy')
    .addOption(new Option('--batch-size <n>', 'rows per runtime call').argParser(positiveInt('--batch-size')).default(1024))
    .addOption(new Option('--threads <n>', 'intra-op threads').argParser(positiveInt('--threads')))
    .addOption(new Option('--provider <name>', 'execution provider').choices(['cpu', 'cuda', 'webgpu']).default('cpu'))
    .action(run(predictCommand));
}
