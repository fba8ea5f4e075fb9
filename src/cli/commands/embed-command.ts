import type { Command } from 'commander';
import type { Runner } from './index.js';
import { embedCommand } from './embed.js';

/** `keel embed`. */
export function registerEmbed(program: Command, run: Runner): void {
  program
    .command('embed')
    .description('features of every row at a node of a model (for a linear probe or a new head), written as .npy')
    .requiredOption('--model <path>', 'ONNX model')
    .requiredOption('--layer <node>', 'node or value name to read, or auto (the input of the last Gemm/MatMul: the classifier features)')
    .requiredOption('--data <path>', '.npy, a raw .csv (with preprocess.json beside the model), a folder of class folders, or mnist')
    .requiredOption('--out <file.npy>', 'features file (.npy, first axis = rows)')
    .option('--preprocess <file>', 'preprocessing of a raw CSV (default: preprocess.json beside the model)')
    .action(run(embedCommand, (o) => ({ inputs: [o.model, o.data, o.preprocess], outputs: [o.out] })));
}
