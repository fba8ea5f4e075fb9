import type { Command } from 'commander';
import { UsageError } from '../../core/index.js';
import { PRUNERS } from '../../efficiency/index.js';
import { defineCommand } from '../define-command.js';
import type { FlagTable } from '../flags.js';
import { jsonFile } from '../output.js';
import { VOCABULARY } from '../vocabulary.js';
import type { Runner } from './index.js';
import { npyTrainingFlags } from './efficiency-io.js';
import { pruneCommand, type PruneCommandOptions } from './prune.js';

function fraction(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !(n >= 0 && n < 1)) throw new UsageError('PRUNE_SPARSITY', `--sparsity must be a fraction in [0, 1), got "${v}"`, { value: v });
  return n;
}

/** `keel prune`'s flags. */
export const PRUNE_FLAGS: FlagTable<PruneCommandOptions> = {
  model: { flag: '--model <path>', help: 'ONNX classifier', required: true },
  out: { ...VOCABULARY.outFile, help: 'file: the pruned ONNX model', required: true },
  method: { flag: '--method <name>', help: 'pruner', choices: Object.keys(PRUNERS), default: 'magnitude' },
  sparsity: { flag: '--sparsity <f>', help: 'fraction of weights (magnitude) or channels (channel) to zero', parse: fraction, default: 0.5 },
  data: { ...VOCABULARY.data, help: 'training rows .npy for fine-tuning', deprecated: ['--x'] },
  labels: { ...VOCABULARY.labels, help: 'training labels .npy for fine-tuning', deprecated: ['--y'] },
  ...npyTrainingFlags('fine-tuning ', 1),
};

/** `keel prune`. */
export function registerPrune(program: Command, run: Runner): void {
  defineCommand(program, run, {
    name: 'prune',
    description: 'magnitude (unstructured) or channel (structured) pruning with fine-tuning, and a sparsity/accuracy report',
    flags: PRUNE_FLAGS,
    runsModel: true,
    action: pruneCommand,
    files: (o) => ({ inputs: [o.model, o.data, o.labels, o.evalData, o.evalLabels], outputs: [o.out, jsonFile(o.json)] }),
  });
}
