import type { Command } from 'commander';
import { defineCommand } from '../define-command.js';
import type { FlagTable } from '../flags.js';
import { jsonFile } from '../output.js';
import { TEXT_FLAGS, VOCABULARY } from '../vocabulary.js';
import { evaluateCommand, type EvaluateOptions } from './evaluate.js';
import type { Runner } from './index.js';

/** `keel evaluate`'s flags. */
export const EVALUATE_FLAGS: FlagTable<EvaluateOptions> = {
  model: { flag: '--model <path>', help: 'ONNX classifier (logits out); preprocess.json and labels.json beside it are used for raw CSV', required: true },
  data: { ...VOCABULARY.data, required: true },
  labels: VOCABULARY.labels,
  target: VOCABULARY.target,
  json: VOCABULARY.json,
  text: TEXT_FLAGS.text,
  tokenizer: TEXT_FLAGS.tokenizer,
};

/** `keel evaluate`. */
export function registerEvaluate(program: Command, run: Runner): void {
  defineCommand(program, run, {
    name: 'evaluate',
    description: 'accuracy, per-class precision/recall/F1, confusion matrix, log loss and calibration (ECE) of a classifier',
    flags: EVALUATE_FLAGS,
    runsModel: true,
    action: evaluateCommand,
    files: (o) => ({ inputs: [o.model, o.data, o.labels, o.tokenizer], outputs: [jsonFile(o.json)] }),
  });
}
