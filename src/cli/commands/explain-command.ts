import type { Command } from 'commander';
import { EXPLAINER_NAMES } from '../../explain/index.js';
import { defineCommand } from '../define-command.js';
import type { FlagTable } from '../flags.js';
import { positiveInt } from '../options.js';
import { jsonFile } from '../output.js';
import { TEXT_FLAGS, VOCABULARY } from '../vocabulary.js';
import { explainCommand, type ExplainOptions } from './explain.js';
import type { Runner } from './index.js';

/** `keel explain`'s flags. */
export const EXPLAIN_FLAGS: FlagTable<ExplainOptions> = {
  model: { flag: '--model <path>', help: 'ONNX model with one input [N, ...] and one output [N, C]', required: true },
  data: { ...VOCABULARY.data, help: 'input .npy (first axis = rows), or a raw .csv/.tsv/.jsonl encoded with the preprocess.json beside the model (raw messages for a text model)', required: true, deprecated: ['--input'] },
  out: { ...VOCABULARY.outFile, help: 'file: attributions .npy (the input\'s shape); for a text model a .json of each message\'s tokens and scores', required: true },
  method: { flag: '--method <name>', help: 'attribution method (a text model takes integrated-gradients, occlusion or kernel-shap)', choices: EXPLAINER_NAMES, default: 'integrated-gradients' },
  labels: { flag: '--labels <path|class>', help: 'class to explain: integer labels .npy (one per row) or one class index for every row (needed when the model has more than one output; a raw table uses its target column; a text model takes a class index or name, default each message\'s predicted class)', deprecated: ['--target'] },
  baseline: { flag: '--baseline <path>', help: 'baseline .npy: one row or one per input row (default: zeros)' },
  steps: { flag: '--steps <n>', help: 'integration steps (integrated-gradients)', parse: positiveInt('--steps') },
  samples: { flag: '--samples <n>', help: 'samples (kernel-shap, lime, smoothgrad; repeats for permutation)', parse: positiveInt('--samples') },
  seed: VOCABULARY.seed,
  layer: { flag: '--layer <name>', help: 'conv layer for grad-cam (ONNX node name, e.g. /c3/Conv)' },
  png: { flag: '--png <dir>', help: 'folder: one heatmap PNG per row (image inputs) or bar/beeswarm SVGs (tabular inputs)' },
  json: { ...VOCABULARY.json, help: 'JSON summary (row sums, delta, top features): a file, or - for stdout' },
  text: TEXT_FLAGS.text,
  tokenizer: TEXT_FLAGS.tokenizer,
  rows: { flag: '--rows <n>', help: 'text models: explain only the first N messages', parse: positiveInt('--rows') },
  html: { flag: '--html <file>', help: 'text models: the messages with each token highlighted by its score (orange towards the class, blue against), a self-contained HTML page' },
};

/** `keel explain`. */
export function registerExplain(program: Command, run: Runner): void {
  defineCommand(program, run, {
    name: 'explain',
    description: 'attributions of a model output to its input elements (gradients, integrated gradients, Grad-CAM, Shapley, LIME, ...)',
    flags: EXPLAIN_FLAGS,
    runsModel: true,
    action: explainCommand,
    files: (o) => ({ inputs: [o.model, o.data, o.baseline, o.labels, o.tokenizer], outputs: [o.out, jsonFile(o.json), o.html], outputFolders: [o.png] }),
  });
}
