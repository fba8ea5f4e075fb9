/**
 * Tuning objectives that train with Keel's engine: `keel tune --train-config` tunes an MLP on
 * bundled MNIST, one `fit` per trial with the tune module's pruning callback. Kept out of `tune`,
 * which needs no tensors: this folder sits above `train` and `tune` in the layers.
 * @module
 */
export { readTrainTuneConfig, trainGridSearchSpace, trainObjective, trainTuneConfig, type TrainTrialResult, type TrainTuneConfig } from './train-objective.js';
