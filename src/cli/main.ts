#!/usr/bin/env node
import { Command, CommanderError, Option } from 'commander';
import { UsageError } from '../core/index.js';
import type { OptimizerName } from '../optim/index.js';
import { demoCommand } from './commands/demo.js';
import { predictCommand } from './commands/predict.js';
import { fineTuneCommand } from './commands/train-init.js';
import { nonNegativeInt, oneOf, positiveFloat, positiveInt } from './options.js';
import { exitCodeFor, formatError } from './report.js';

const debug = process.argv.includes('--debug');

function run<T>(fn: (opts: T) => Promise<unknown>): (opts: T) => Promise<void> {
  return async (opts) => {
    try {
      await fn(opts);
    } catch (e) {
      process.stderr.write(`${formatError(e, debug)}\n`);
      process.exitCode = exitCodeFor(e);
    }
  };
}

const program = new Command('keel')
  .description('Trustworthy deep learning from TypeScript, on onnxruntime')
  .option('--debug', 'print stack traces on errors')
  .exitOverride()
  .showHelpAfterError();

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

program
  .command('demo')
  .description('train a model on bundled MNIST and print its test accuracy')
  .option('--out <dir>', 'output folder', 'keel-demo')
  .addOption(new Option('--epochs <n>').argParser(positiveInt('--epochs')).default(5))
  .addOption(new Option('--seed <n>').argParser(nonNegativeInt('--seed')).default(0))
  .action(run(demoCommand));

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    process.exitCode = e.exitCode === 0 ? 0 : 2;
  } else if (e instanceof UsageError) {
    process.stderr.write(`${formatError(e, debug)}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`${formatError(e, debug)}\n`);
    process.exitCode = 1;
  }
}
