/**
 * Fairness over Keel models and raw tables: a {@link Learner} trained by Keel's engine (weighted
 * cross-entropy in graph nodes, one compiled TrainStep shared by every fit) — a fresh network or
 * a fine-tuned `Model` — the fairness-penalised loss, a Model's scores for post-processing, and
 * what `keel fairness` runs — the fairness report of an ONNX model (or a predictions column) on a
 * raw CSV and the mitigations that train a model on one.
 * Kept out of `fairness`, which needs no tensors: this folder sits above `train` and `data` in the layers.
 * @module
 */
export { KeelTrainer, type KeelFitData, type KeelTrainerOptions } from './keel-trainer.js';
export { KeelClassifier, keelLearner } from './keel-classifier.js';
export { keelPenaltyPath, type KeelPenaltyPathOptions, type KeelPenaltyPathResult } from './keel-penalty-path.js';
export { weightedBinaryLoss } from './weighted-loss.js';
export { binaryLabels, encodeRows, numericFeatures, readLabelledTable, type LabelledTable, type ReadTableOptions } from './labelled-table.js';
export { labelsFrom, mixtureGraph, modelInputWidth, modelProbabilities, modelScores } from './model-scores.js';
export { readThresholdFile, thresholdFile, type ThresholdFile } from './threshold-file.js';
export { measureFairness, measureFairnessWithTradeoffs, type MeasureFairnessOptions } from './measure.js';
export { mitigateFairness, type FairnessMitigation, type MitigateFairnessOptions } from './mitigate.js';
