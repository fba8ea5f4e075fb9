import { Option, type Command } from 'commander';
import { UsageError } from '../../core/index.js';
import type { OptimizerName } from '../../optim/index.js';
import { nonNegativeInt, oneOf, positiveFloat, positiveInt } from '../options.js';
import type { Runner } from './index.js';
import { fineTuneCommand } from './train-init.js';
import { trainFitCommand, type TrainFitOptions } from './train-fit.js';

/** Raw options of `keel train` (both modes). */
type TrainCliOptions = Partial<TrainFitOptions> & { init?: string; shuffle: boolean };

async function dispatch(o: TrainCliOptions): Promise<void> {
  if (o.init !== undefined) {
    if (!o.data || !o.labels || !o.out) throw new UsageError('CLI_OPTION', 'keel train --init needs --data, --labels and --out', {});
    await fineTuneCommand({ init: o.init, data: o.data, labels: o.labels, out: o.out, epochs: o.epochs ?? 1, batchSize: o.batchSize ?? 32, optimizer: o.optimizer ?? 'sgd', lr: o.lr ?? 0.01, seed: o.seed ?? 0, shuffle: o.shuffle });
    return;
  }
  await trainFitCommand(o);
}

/** `keel train`: fine-tune an ONNX model (--init), train a new one (--model), or --resume a run. */
export function registerTrain(program: Command, run: Runner): void {
  program
    .command('train')
    .description('train a model (--model mlp|cnn|linear|spec.json), fine-tune one (--init), or --resume DIR')
    .option('--init <path>', 'ONNX model to fine-tune')
    .option('--data <path>', 'features: .npy, IDX, .csv (with --target), a folder of class folders, or mnist')
    .option('--labels <path>', 'class labels (.npy or IDX) for .npy/IDX features')
    .option('--target <column>', 'label column of a CSV')
    .option('--model <spec>', 'mlp | cnn | linear | spec.json')
    .option('--out <dir>', 'output folder (model.onnx, history.json, diagnosis.json, curves.svg, checkpoint.bin)')
    .option('--resume <dir>', 'continue an interrupted run from its last completed epoch')
    .addOption(new Option('--epochs <n>').argParser(positiveInt('--epochs')))
    .addOption(new Option('--batch-size <n>').argParser(positiveInt('--batch-size')))
    .addOption(new Option('--optimizer <name>').argParser(oneOf<OptimizerName>('--optimizer', ['sgd', 'adam', 'adamw', 'rmsprop'])))
    .addOption(new Option('--lr <rate>').argParser(positiveFloat('--lr')))
    .addOption(new Option('--seed <n>').argParser(nonNegativeInt('--seed')))
    .addOption(new Option('--val-split <fraction>', 'held-out fraction (stratified)').argParser(positiveFloat('--val-split')))
    .addOption(new Option('--early-stopping <patience>', 'stop after PATIENCE epochs without val_loss improvement; restore the best weights').argParser(nonNegativeInt('--early-stopping')))
    .addOption(new Option('--schedule <name>', 'learning-rate schedule').argParser(oneOf('--schedule', ['constant', 'step', 'cosine', 'one_cycle'])))
    .addOption(new Option('--augment <list>', 'comma list of shift,flip,rotation,noise,mixup,cutmix'))
    .addOption(new Option('--label-smoothing <eps>').argParser(positiveFloat('--label-smoothing')))
    .option('--auto-regularize', 'after an overfit verdict, search L2/dropout remedies and report before/after validation metrics')
    .option('--learning-curve', 'also train on 25/50/75/100% of the training rows (learning-curve.json)')
    .option('--no-shuffle', 'keep the file order of the rows')
    .action(run(dispatch));
}
