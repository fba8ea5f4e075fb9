import { Option, type Command } from 'commander';
import { nonNegativeInt, positiveInt } from '../options.js';
import { demoCommand } from './demo.js';
import type { Runner } from './index.js';

/** `keel demo`. */
export function registerDemo(program: Command, run: Runner): void {
  program
    .command('demo')
    .description('train a model on bundled MNIST and print its test accuracy')
    .option('--out <dir>', 'output folder', 'keel-demo')
    .addOption(new Option('--epochs <n>').argParser(positiveInt('--epochs')).default(5))
    .addOption(new Option('--seed <n>').argParser(nonNegativeInt('--seed')).default(0))
    .action(run(demoCommand));
}
