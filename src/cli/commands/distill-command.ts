import { Option, type Command } from 'commander';
import { UsageError } from '../../core/index.js';
import { nonNegativeInt, positiveFloat, positiveInt } from '../options.js';
import { distillCommand } from './distill.js';
import type { Runner } from './index.js';

function unit(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !(n >= 0 && n <= 1)) throw new UsageError('DISTILL_OPTION', `--alpha must be in [0, 1], got "${v}"`, { value: v });
  return n;
}

/** `keel distill`. */
export function registerDistill(program: Command, run: Runner): void {
  program
    .command('distill')
    .description("train a smaller student ONNX model on a teacher's soft targets (α·T²·KL + (1−α)·CE)")
    .requiredOption('--teacher <path>', 'teacher ONNX classifier')
    .requiredOption('--student <path>', 'student ONNX classifier to train (same input, same classes)')
    .requiredOption('--out <path>', 'trained student ONNX model')
    .requiredOption('--x <npy>', 'training rows')
    .requiredOption('--y <npy>', 'training labels')
    .addOption(new Option('--alpha <a>', 'weight of the soft-target term').argParser(unit).default(0.5))
    .addOption(new Option('--temperature <t>', 'softmax temperature').argParser(positiveFloat('--temperature')).default(4))
    .addOption(new Option('--epochs <n>', 'epochs').argParser(nonNegativeInt('--epochs')).default(2))
    .addOption(new Option('--lr <rate>', 'learning rate (Adam)').argParser(positiveFloat('--lr')).default(1e-3))
    .addOption(new Option('--batch-size <n>', 'batch size').argParser(positiveInt('--batch-size')).default(64))
    .option('--eval-x <npy>', 'held-out rows')
    .option('--eval-y <npy>', 'held-out labels')
    .option('--json <file>', 'write the report as JSON')
    .action(run(distillCommand, (o) => ({ inputs: [o.teacher, o.student, o.x, o.y, o.evalX, o.evalY], outputs: [o.out, o.json] })));
}
