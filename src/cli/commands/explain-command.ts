import { Option, type Command } from 'commander';
import { EXPLAINER_NAMES } from '../../explain/index.js';
import { positiveInt, nonNegativeInt } from '../options.js';
import { explainCommand } from './explain.js';
import type { Runner } from './index.js';

/** `keel explain`. */
export function registerExplain(program: Command, run: Runner): void {
  program
    .command('explain')
    .description('attributions of a model output to its input elements (gradients, integrated gradients, Grad-CAM, Shapley, LIME, ...)')
    .requiredOption('--model <path>', 'ONNX model with one input [N, ...] and one output [N, C]')
    .requiredOption('--input <path>', 'input .npy (first axis = rows)')
    .requiredOption('--out <path>', 'attributions .npy (the input\'s shape)')
    .addOption(new Option('--method <name>', 'attribution method').choices(EXPLAINER_NAMES).default('integrated-gradients'))
    .option('--target <path|class>', 'target class per row (.npy of integers) or one class for all rows')
    .option('--baseline <path>', 'baseline .npy: one row or one per input row (default: zeros)')
    .addOption(new Option('--steps <n>', 'integration steps (integrated-gradients)').argParser(positiveInt('--steps')))
    .addOption(new Option('--samples <n>', 'samples (kernel-shap, lime, smoothgrad; repeats for permutation)').argParser(positiveInt('--samples')))
    .addOption(new Option('--seed <n>', 'random seed').argParser(nonNegativeInt('--seed')))
    .option('--layer <name>', 'conv layer for grad-cam (ONNX node name, e.g. /c3/Conv)')
    .option('--png <dir>', 'write one heatmap PNG per row (image inputs) or bar/beeswarm SVGs (tabular inputs) here')
    .option('--json <file>', 'write a JSON summary (row sums, delta, top features)')
    .action(run(explainCommand, (o) => ({ inputs: [o.model, o.input, o.baseline, o.target], outputs: [o.out, o.json], outputFolders: [o.png] })));
}
