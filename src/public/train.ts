/**
 * `keel/train`: layers and networks, losses, optimizers, `fit` with callbacks, learning-rate
 * schedules, augmentation, fit diagnosis and metrics, the bundled MNIST, and the {@link Model}
 * that `fit` returns.
 *
 * @example
 * ```ts
 * import { Sequential, dense, fit, EarlyStopping } from 'keel/train';
 * const net = new Sequential([dense(16, { activation: 'relu' }), dense(3)], { seed: 0 });
 * const { model } = await fit(net, x, y, { epochs: 50, callbacks: [new EarlyStopping({ patience: 5 })] });
 * await model.save('iris.onnx');
 * ```
 * @packageDocumentation
 */
export { Sequential, Functional, input, add, concat, LayerNode, type Network, type GraphOptions } from '../nn/index.js';
export { dense, conv2d, maxPool2d, avgPool2d, globalAvgPool, flatten, activation, dropout, batchNorm, layerNorm, residual, embedding, regularize, lstm, gru, rnn } from '../nn/index.js';
export { multiHeadAttention, transformerEncoderLayer, positionalEncoding, sequencePool, type AttentionOptions, type TransformerEncoderOptions, type PositionalEncodingOptions, type AttentionLayerSpec } from '../nn/index.js';
export type { Layer, ActivationName, DenseOptions, Conv2dOptions, BatchNormOptions, Regularizer, InitName, RecurrentOptions, RecurrentLayerSpec } from '../nn/index.js';
export { modelFromSpec, presetSpec, type ModelSpec, type LayerSpec, type TextEncoderLayerSpec } from '../nn/index.js';
export { crossEntropyLoss, binaryCrossEntropyLoss, mseLoss, huberLoss, type Loss } from '../nn/index.js';
export { Sgd, Adam, AdamW, RmsProp, OPTIMIZERS, type ClipOptions, type Optimizer, type OptimizerName, type SgdOptions, type AdamOptions, type RmsPropOptions } from '../optim/index.js';
export { type FitOptions, type FitResult, type FitModel } from '../train/index.js';
export { EarlyStopping, ReduceLROnPlateau, ModelCheckpoint, HistoryLogger, ProgressBar } from '../train/index.js';
export type { Callback, CallbackState, EpochLogs, TrainContext, EarlyStoppingOptions, ReduceLROnPlateauOptions, ModelCheckpointOptions } from '../train/index.js';
export { stepDecay, cosineWarmup, oneCycle, type LrSchedule } from '../train/index.js';
export { randomShift, randomFlip, randomRotation, gaussianNoise, mixup, cutmix, type Augmentation } from '../train/index.js';
export { diagnoseFit, type Diagnosis, type Verdict, type DiagnoseOptions } from '../train/index.js';
export { accuracy, argmaxRows, classificationReport, type ClassificationReport } from '../train/index.js';
export { crossValidate, kFolds, splitRows, type CrossValidation, type SplitIndices } from '../train/index.js';
export { withClassLabels } from '../train/index.js';
export { loadMnist, type ImageSplit } from '../datasets/index.js';
export { Model, fit, type Fitted, type ModelOptions, type Evaluation, type ModelInput, type LabelInput } from '../model/index.js';
// Types that the signatures above mention.
export type { LayerContext, MergeLayer, TrainingGraph } from '../nn/index.js';
export type { UpdateInputs, UpdateOutputs } from '../optim/index.js';
export type { AugmentBatch, Baselines, Mode, WeightSnapshot } from '../train/index.js';
