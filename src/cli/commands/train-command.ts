import { Option, type Command } from 'commander';
import type { OptimizerName } from '../../optim/index.js';
import { nonNegativeInt, oneOf, positiveFloat, positiveInt } from '../options.js';
import type { Runner } from './index.js';
import { fineTuneCommand } from './train-init.js';

/** `keel train` (fine-tuning an imported model with --init). */
export function registerTrain(program: Command, run: Runner): void {
  program
    .command('train')
    .description('train or fine-tune a model')
    .requiredOption('--init <path>', 'ONNX model to fine-tune')
    .requiredOption('--data <path>', 'features .npy')
    .requiredOption('--labels <path>', 'class labels .npy')
    .requiredOption('--out <dir>', 'output folder (model.onnx, history.json)')
    .addOption(new Option('--epochs <n>').argParser(positiveInt('--epochs')).default(1))
    .addOption(new Option('--batch-size <n>').argParser(positiveInt('--batch-size')).default(32))
    .addOption(new Option('--optimizer <name>').argParser(oneOf<OptimizerName>('--optimizer', ['sgd', 'adam', 'adamw', 'rmsprop'])).default('sgd'))
    .addOption(new Option('--lr <rate>').argParser(positiveFloat('--lr')).default(0.01))
    .addOption(new Option('--seed <n>').argParser(nonNegativeInt('--seed')).default(0))
    .option('--no-shuffle', 'keep the file order of the rows')
    .action(run(fineTuneCommand));
}
