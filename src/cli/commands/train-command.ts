import { Option, type Command } from 'commander';
import type { OptimizerName } from '../../optim/index.js';
import { nonNegativeFloat, nonNegativeInt, oneOf, positiveFloat, positiveInt } from '../options.js';
import type { Runner } from './index.js';
import { inFolder, TRAIN_OUTPUTS } from './command-files.js';
import { trainFitCommand, type TrainFitOptions } from './train-fit.js';
import { TRAIN_LOSSES, type TrainLossName } from './train-setup.js';


/** `keel train`: fine-tune an ONNX model (--init), train a new one (--model), or --resume a run. */
export function registerTrain(program: Command, run: Runner): void {
  program
    .command('train')
    .description('train a model (--model mlp|cnn|linear|spec.json), fine-tune one (--init), or --resume DIR')
    .option('--init <path>', 'ONNX model to fine-tune instead of --model (every other flag works the same)')
    .option('--data <path>', 'features: .npy, IDX, .csv (with --target), a folder of class folders, or mnist; with --text: messages in .csv, .tsv or .jsonl (optionally .gz)')
    .option('--labels <path>', 'class labels (.npy or IDX) for .npy/IDX features')
    .option('--target <column>', 'label column of a CSV')
    .option('--model <spec>', 'mlp | cnn | linear | spec.json; with --text: textcnn | lstm (default) | gru | transformer | spec.json')
    .option('--text <column>', 'train a text classifier on this column of messages (with --target COLUMN); writes tokenizer.json beside the model')
    .addOption(new Option('--max-length <tokens>', 'with --text: tokens per message, [CLS] included; longer messages are cut (default 128)').argParser(positiveInt('--max-length')))
    .addOption(new Option('--vocab-size <n>', 'with --text: largest tokenizer vocabulary (default 8000)').argParser(positiveInt('--vocab-size')))
    .option('--tokenizer <kind|file>', 'with --text: wordpiece (subwords, default) | word, fitted on the training rows, or a tokenizer.json to use as it is')
    .option('--embeddings <file>', 'with --text: pretrained embeddings to start from: .npy [vocab, dim] in token-id order, or GloVe-style text (token v1 … vd)')
    .option('--out <dir>', 'output folder (model.onnx, history.json, diagnosis.json, curves.svg, checkpoint.bin); one holding a run with other settings is refused unless --resume or --overwrite')
    .option('--resume <dir>', 'continue an interrupted run from its last completed epoch')
    .option('--overwrite', 'start afresh in an --out folder that holds a run with other settings (refused otherwise)')
    .addOption(new Option('--epochs <n>', 'epochs (default 10)').argParser(positiveInt('--epochs')))
    .addOption(new Option('--batch-size <n>', 'rows per optimizer step (default 64)').argParser(positiveInt('--batch-size')))
    .addOption(new Option('--optimizer <name>', 'sgd | adam | adamw | rmsprop (default adam)').argParser(oneOf<OptimizerName>('--optimizer', ['sgd', 'adam', 'adamw', 'rmsprop'])))
    .addOption(new Option('--lr <rate>', 'base learning rate (default 1e-3)').argParser(positiveFloat('--lr')))
    .addOption(new Option('--seed <n>', 'seed of initialization, split, shuffling, dropout and augmentation (default 0)').argParser(nonNegativeInt('--seed')))
    .addOption(new Option('--val-split <fraction>', 'held-out fraction, stratified for classification (default 0.1; 0 trains on every row)').argParser(nonNegativeFloat('--val-split')))
    .addOption(new Option('--early-stopping <patience>', 'stop after PATIENCE epochs without val_loss improvement; restore the best weights').argParser(nonNegativeInt('--early-stopping')))
    .addOption(new Option('--schedule <name>', 'learning-rate schedule: constant | step (×0.5 every 10 epochs) | cosine (1 warmup epoch) | one_cycle').argParser(oneOf('--schedule', ['constant', 'step', 'cosine', 'one_cycle'])))
    .addOption(new Option('--augment <list>', 'comma list of shift,flip,rotation,noise,mixup,cutmix'))
    .addOption(new Option('--label-smoothing <eps>', 'cross-entropy label smoothing ε').argParser(positiveFloat('--label-smoothing')))
    .addOption(new Option('--loss <name>', 'cross-entropy | bce (2 classes, one logit) | mse | huber (regression: numeric targets, reports MSE/MAE)').argParser(oneOf<TrainLossName>('--loss', TRAIN_LOSSES)))
    .option('--class-weights <weights>', 'per-class loss weights: auto (balanced: n / (classes·count)) or w0,w1,...')
    .option('--sample-weights <file>', 'per-row loss weights: a 1-D .npy with one weight per data row')
    .addOption(new Option('--reduce-lr-on-plateau <patience>', 'multiply the learning rate by --lr-factor after PATIENCE epochs without val_loss improvement').argParser(nonNegativeInt('--reduce-lr-on-plateau')))
    .addOption(new Option('--lr-factor <factor>', 'factor of --reduce-lr-on-plateau (default 0.5)').argParser(positiveFloat('--lr-factor')))
    .addOption(new Option('--k-fold <k>', 'first run K-fold cross-validation on all rows; writes cv.json (per-fold and mean ± std metrics)').argParser(positiveInt('--k-fold')))
    .option('--log-csv', 'also write the history as DIR/history.csv after every epoch')
    .option('--save-best <metric>', 'write DIR/best.onnx whenever METRIC (e.g. val_loss, val_accuracy) improves')
    .addOption(new Option('--adversarial <method>', 'pgd | trades: adversarial training (L∞) with the attack compiled into the train step').argParser(oneOf('--adversarial', ['pgd', 'trades'] as const)))
    .addOption(new Option('--eps <radius>', 'L∞ radius of --adversarial, in input units').argParser(positiveFloat('--eps')))
    .addOption(new Option('--attack-steps <n>', 'attack steps of --adversarial (default 7)').argParser(positiveInt('--attack-steps')))
    .option('--auto-regularize', 'search L2/dropout remedies (5 short runs with early stopping) and report before/after validation metrics (auto-regularize.json)')
    .option('--learning-curve', 'also train on 25/50/75/100% of the training rows (learning-curve.json)')
    .option('--no-shuffle', 'keep the file order of the rows')
    .option('--cut-at <node>', 'transfer learning with --init: cut the model at NODE (a node or value name) or auto (before the last Gemm/MatMul); needs --head')
    .option('--head <layers>', 'new layers on top of the cut: calls such as "dense(128, relu), dropout(0.2), dense(10)", a JSON spec file, or an ONNX head (e.g. a probe trained on keel embed features)')
    .option('--freeze <patterns>', 'weights to keep fixed (no gradient, no optimizer state): comma-separated names, globs (* = the whole backbone; the new head always trains) or upto:NODE')
    .addOption(new Option('--lr-decay <factor>', 'discriminative learning rates: each layer group below the top trains at FACTOR times the rate of the one above').argParser(positiveFloat('--lr-decay')))
    .addOption(new Option('--unfreeze-every <epochs>', 'gradual unfreezing: thaw one --freeze layer group, top down, every EPOCHS epochs').argParser(positiveInt('--unfreeze-every')))
    .addOption(new Option('--warmup <epochs>', 'linear learning-rate warmup over the first EPOCHS epochs (in front of --schedule)').argParser(positiveFloat('--warmup')))
    .action(run((o: Partial<TrainFitOptions>) => trainFitCommand(o), (o) => ({ inputs: [o.init, o.data, o.labels, o.sampleWeights, o.model?.endsWith('.json') === true ? o.model : undefined, o.tokenizer?.endsWith('.json') === true ? o.tokenizer : undefined, o.embeddings, o.head !== undefined && /\.(onnx|json)$/i.test(o.head) ? o.head : undefined], outputs: inFolder(o.out, TRAIN_OUTPUTS), outputFolders: [o.out] })));
}
