import type { Command } from 'commander';
import type { OptimizerName } from '../../optim/index.js';
import { defineCommand } from '../define-command.js';
import type { FlagTable } from '../flags.js';
import { nonNegativeFloat, nonNegativeInt, oneOf, positiveFloat, positiveInt } from '../options.js';
import { VOCABULARY } from '../vocabulary.js';
import { inFolder, TRAIN_OUTPUTS } from './command-files.js';
import type { Runner } from './index.js';
import { trainFitCommand, type TrainFitOptions } from './train-fit.js';
import { TRAIN_LOSSES } from './train-setup.js';

/** `keel train`'s flags (defaults are applied once, by trainFitCommand, and saved in DIR/config.json). */
export const TRAIN_FLAGS: FlagTable<Partial<TrainFitOptions>> = {
  init: { flag: '--init <path>', help: 'ONNX model to fine-tune instead of --model (every other flag works the same)' },
  data: { ...VOCABULARY.data, help: 'features: .npy, IDX, .csv (with --target), a folder of class folders, or mnist; with --text: messages in .csv, .tsv or .jsonl (optionally .gz)' },
  labels: VOCABULARY.labels,
  target: VOCABULARY.target,
  model: { flag: '--model <spec>', help: 'mlp | cnn | linear | spec.json; with --text: textcnn | lstm (default) | gru | transformer | spec.json' },
  text: { flag: '--text <column>', help: 'train a text classifier on this column of messages (with --target COLUMN); writes tokenizer.json beside the model' },
  maxLength: { flag: '--max-length <tokens>', help: 'with --text: tokens per message, [CLS] included; longer messages are cut (default 128)', parse: positiveInt('--max-length') },
  vocabSize: { flag: '--vocab-size <n>', help: 'with --text: largest tokenizer vocabulary (default 8000)', parse: positiveInt('--vocab-size') },
  tokenizer: { flag: '--tokenizer <kind|file>', help: 'with --text: wordpiece (subwords, default) | word, fitted on the training rows, or a tokenizer.json to use as it is' },
  embeddings: { flag: '--embeddings <file>', help: 'with --text: pretrained embeddings to start from: .npy [vocab, dim] in token-id order, or GloVe-style text (token v1 … vd)' },
  out: { ...VOCABULARY.outFolder, help: 'output folder (model.onnx, history.json, diagnosis.json, curves.svg, checkpoint.bin); one holding a run with other settings is refused unless --resume or --overwrite' },
  resume: { flag: '--resume <dir>', help: 'continue an interrupted run from its last completed epoch' },
  overwrite: { flag: '--overwrite', help: 'start afresh in an --out folder that holds a run with other settings (refused otherwise)' },
  epochs: { flag: '--epochs <n>', help: 'epochs (default 10)', parse: positiveInt('--epochs') },
  batchSize: { flag: '--batch-size <n>', help: 'rows per optimizer step (default 64; with --text 32)', parse: positiveInt('--batch-size') },
  optimizer: { flag: '--optimizer <name>', help: 'sgd | adam | adamw | rmsprop (default adam)', parse: oneOf<OptimizerName>('--optimizer', ['sgd', 'adam', 'adamw', 'rmsprop']) },
  weightDecay: { flag: '--weight-decay <lambda>', help: 'weight decay of --optimizer: adamw decoupled (default 0.01), the others added to the gradient (default 0); with --text: the recipe\'s (none)', parse: nonNegativeFloat('--weight-decay') },
  lr: { flag: '--lr <rate>', help: 'base learning rate (default 1e-3; with --text 2e-3)', parse: positiveFloat('--lr') },
  seed: { ...VOCABULARY.seed, help: 'seed of initialization, split, shuffling, dropout and augmentation (default 0)' },
  valSplit: { flag: '--val-split <fraction>', help: 'held-out fraction, stratified for classification (default 0.1; 0 trains on every row)', parse: nonNegativeFloat('--val-split') },
  earlyStopping: { flag: '--early-stopping <patience>', help: 'stop after PATIENCE epochs without val_loss improvement; restore the best weights (with --text and a validation split: 2)', parse: nonNegativeInt('--early-stopping') },
  schedule: { flag: '--schedule <name>', help: 'learning-rate schedule: constant | step (×0.5 every 10 epochs) | cosine (1 warmup epoch) | one_cycle', parse: oneOf('--schedule', ['constant', 'step', 'cosine', 'one_cycle'] as const) },
  augment: { flag: '--augment <list>', help: 'comma list of shift,flip,rotation,noise,mixup,cutmix' },
  labelSmoothing: { flag: '--label-smoothing <eps>', help: 'cross-entropy label smoothing ε', parse: positiveFloat('--label-smoothing') },
  loss: { flag: '--loss <name>', help: 'cross-entropy | bce (2 classes, one logit) | mse | huber (regression: numeric targets, reports MSE/MAE)', parse: oneOf('--loss', TRAIN_LOSSES) },
  classWeights: { flag: '--class-weights <weights>', help: 'per-class loss weights: auto (balanced: n / (classes·count)) or w0,w1,...' },
  sampleWeights: { flag: '--sample-weights <file>', help: 'per-row loss weights: a 1-D .npy with one weight per data row' },
  reduceLrOnPlateau: { flag: '--reduce-lr-on-plateau <patience>', help: 'multiply the learning rate by --lr-factor after PATIENCE epochs without val_loss improvement', parse: nonNegativeInt('--reduce-lr-on-plateau') },
  lrFactor: { flag: '--lr-factor <factor>', help: 'factor of --reduce-lr-on-plateau (default 0.5)', parse: positiveFloat('--lr-factor') },
  kFold: { flag: '--k-fold <k>', help: 'first run K-fold cross-validation on all rows; writes cv.json (per-fold and mean ± std metrics)', parse: positiveInt('--k-fold') },
  logCsv: { flag: '--log-csv', help: 'also write the history as DIR/history.csv after every epoch' },
  saveBest: { flag: '--save-best <metric>', help: 'write DIR/best.onnx whenever METRIC (e.g. val_loss, val_accuracy) improves' },
  adversarial: { flag: '--adversarial <method>', help: 'pgd | trades: adversarial training (L∞) with the attack compiled into the train step', parse: oneOf('--adversarial', ['pgd', 'trades'] as const) },
  eps: { flag: '--eps <radius>', help: 'L∞ radius of --adversarial, in input units', parse: positiveFloat('--eps') },
  attackSteps: { flag: '--attack-steps <n>', help: 'attack steps of --adversarial (default 7)', parse: positiveInt('--attack-steps') },
  autoRegularize: { flag: '--auto-regularize', help: 'search L2/dropout remedies (5 short runs with early stopping) and report before/after validation metrics (auto-regularize.json)' },
  learningCurve: { flag: '--learning-curve', help: 'also train on 25/50/75/100% of the training rows (learning-curve.json)' },
  shuffle: { flag: '--no-shuffle', help: 'keep the file order of the rows' },
  cutAt: { flag: '--cut-at <node>', help: 'transfer learning with --init: cut the model at NODE (a node or value name) or auto (before the last Gemm/MatMul); needs --head' },
  head: { flag: '--head <layers>', help: 'new layers on top of the cut: calls such as "dense(128, relu), dropout(0.2), dense(10)", a JSON spec file, or an ONNX head (e.g. a probe trained on keel embed features)' },
  freeze: { flag: '--freeze <patterns>', help: 'weights to keep fixed (no gradient, no optimizer state): comma-separated names, globs (* = the whole backbone; the new head always trains) or upto:NODE' },
  lrDecay: { flag: '--lr-decay <factor>', help: 'discriminative learning rates: each layer group below the top trains at FACTOR times the rate of the one above', parse: positiveFloat('--lr-decay') },
  unfreezeEvery: { flag: '--unfreeze-every <epochs>', help: 'gradual unfreezing: thaw one --freeze layer group, top down, every EPOCHS epochs', parse: positiveInt('--unfreeze-every') },
  dropout: null,
  warmup: { flag: '--warmup <epochs>', help: 'linear learning-rate warmup over the first EPOCHS epochs (in front of --schedule)', parse: positiveFloat('--warmup') },
};

/** `keel train`: fine-tune an ONNX model (--init), train a new one (--model), or --resume a run. */
export function registerTrain(program: Command, run: Runner): void {
  defineCommand(program, run, {
    name: 'train',
    description: 'train a model (--model mlp|cnn|linear|spec.json), fine-tune one (--init), or --resume DIR',
    flags: TRAIN_FLAGS,
    runsModel: true,
    action: trainFitCommand,
    files: (o) => ({
      inputs: [o.init, o.data, o.labels, o.sampleWeights, o.model?.endsWith('.json') === true ? o.model : undefined, o.tokenizer?.endsWith('.json') === true ? o.tokenizer : undefined, o.embeddings, o.head !== undefined && /\.(onnx|json)$/i.test(o.head) ? o.head : undefined],
      outputs: inFolder(o.out, TRAIN_OUTPUTS),
      outputFolders: [o.out],
    }),
  });
}
