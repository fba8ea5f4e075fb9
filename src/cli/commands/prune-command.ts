import { Option, type Command } from 'commander';
import { UsageError } from '../../core/index.js';
import { PRUNERS } from '../../efficiency/index.js';
import { nonNegativeInt, positiveFloat, positiveInt } from '../options.js';
import type { Runner } from './index.js';
import { pruneCommand } from './prune.js';

function fraction(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !(n >= 0 && n < 1)) throw new UsageError('PRUNE_SPARSITY', `--sparsity must be a fraction in [0, 1), got "${v}"`, { value: v });
  return n;
}

/** `keel prune`. */
export function registerPrune(program: Command, run: Runner): void {
  program
    .command('prune')
    .description('magnitude (unstructured) or channel (structured) pruning with fine-tuning, and a sparsity/accuracy report')
    .requiredOption('--model <path>', 'ONNX classifier')
    .requiredOption('--out <path>', 'pruned ONNX model')
    .addOption(new Option('--method <name>', 'pruner').choices(Object.keys(PRUNERS)).default('magnitude'))
    .addOption(new Option('--sparsity <f>', 'fraction of weights (magnitude) or channels (channel) to zero').argParser(fraction).default(0.5))
    .option('--x <npy>', 'training rows for fine-tuning')
    .option('--y <npy>', 'training labels for fine-tuning')
    .addOption(new Option('--epochs <n>', 'fine-tuning epochs').argParser(nonNegativeInt('--epochs')).default(1))
    .addOption(new Option('--lr <rate>', 'fine-tuning learning rate (Adam)').argParser(positiveFloat('--lr')).default(1e-3))
    .addOption(new Option('--batch-size <n>', 'fine-tuning batch size').argParser(positiveInt('--batch-size')).default(64))
    .option('--eval-x <npy>', 'held-out rows')
    .option('--eval-y <npy>', 'held-out labels')
    .option('--json <file>', 'write the report as JSON')
    .action(run(pruneCommand, (o) => ({ inputs: [o.model, o.x, o.y, o.evalX, o.evalY], outputs: [o.out, o.json] })));
}
