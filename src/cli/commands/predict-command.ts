import type { Command } from 'commander';
import { defineCommand } from '../define-command.js';
import type { FlagTable } from '../flags.js';
import { positiveInt } from '../options.js';
import { TEXT_FLAGS, VOCABULARY } from '../vocabulary.js';
import type { Runner } from './index.js';
import { predictCommand, type PredictOptions } from './predict.js';

/** `keel predict`'s flags. */
export const PREDICT_FLAGS: FlagTable<PredictOptions> = {
  model: { flag: '--model <path>', help: 'ONNX model', required: true },
  data: { ...VOCABULARY.data, help: 'input .npy (first axis = rows), or a raw .csv: columns found by name, scaled and one-hot encoded as in training', required: true, deprecated: ['--input'] },
  preprocess: { flag: '--preprocess <file>', help: 'preprocessing of a raw CSV (default: preprocess.json beside the model)' },
  out: { ...VOCABULARY.outFile, help: 'file: .npy (raw outputs) or .csv (predicted class + probabilities, or values); default: CSV on stdout' },
  batchSize: { flag: '--batch-size <n>', help: 'rows per runtime call', parse: positiveInt('--batch-size'), default: 1024 },
  text: TEXT_FLAGS.text,
  tokenizer: TEXT_FLAGS.tokenizer,
};

/** `keel predict`. */
export function registerPredict(program: Command, run: Runner): void {
  defineCommand(program, run, {
    name: 'predict',
    description: 'model output for every row of an .npy input or a raw CSV (with the preprocess.json keel train saved beside the model)',
    flags: PREDICT_FLAGS,
    runsModel: true,
    action: predictCommand,
    files: (o) => ({ inputs: [o.model, o.data, o.preprocess, o.tokenizer], outputs: [o.out] }),
  });
}
