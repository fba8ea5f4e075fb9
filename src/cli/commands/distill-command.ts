import type { Command } from 'commander';
import { UsageError } from '../../core/index.js';
import { defineCommand } from '../define-command.js';
import type { FlagTable } from '../flags.js';
import { positiveFloat } from '../options.js';
import { jsonFile } from '../output.js';
import { VOCABULARY } from '../vocabulary.js';
import { distillCommand, type DistillCommandOptions } from './distill.js';
import { npyTrainingFlags } from './efficiency-io.js';
import type { Runner } from './index.js';

function unit(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !(n >= 0 && n <= 1)) throw new UsageError('DISTILL_OPTION', `--alpha must be in [0, 1], got "${v}"`, { value: v });
  return n;
}

/** `keel distill`'s flags. */
export const DISTILL_FLAGS: FlagTable<DistillCommandOptions> = {
  teacher: { flag: '--teacher <path>', help: 'teacher ONNX classifier', required: true },
  student: { flag: '--student <path>', help: 'student ONNX classifier to train (same input, same classes)', required: true },
  out: { ...VOCABULARY.outFile, help: 'file: the trained student ONNX model', required: true },
  data: { ...VOCABULARY.data, help: 'training rows .npy', required: true, deprecated: ['--x'] },
  labels: { ...VOCABULARY.labels, help: 'training labels .npy', required: true, deprecated: ['--y'] },
  alpha: { flag: '--alpha <a>', help: 'weight of the soft-target term', parse: unit, default: 0.5 },
  temperature: { flag: '--temperature <t>', help: 'softmax temperature', parse: positiveFloat('--temperature'), default: 4 },
  ...npyTrainingFlags('', 2),
};

/** `keel distill`. */
export function registerDistill(program: Command, run: Runner): void {
  defineCommand(program, run, {
    name: 'distill',
    description: "train a smaller student ONNX model on a teacher's soft targets (α·T²·KL + (1−α)·CE)",
    flags: DISTILL_FLAGS,
    runsModel: true,
    action: distillCommand,
    files: (o) => ({ inputs: [o.teacher, o.student, o.data, o.labels, o.evalData, o.evalLabels], outputs: [o.out, jsonFile(o.json)] }),
  });
}
