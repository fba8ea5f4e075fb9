/**
 * Fairness over Keel models: a {@link Learner} trained by Keel's engine (weighted cross-entropy
 * in graph nodes, one compiled TrainStep shared by every fit) and the fairness-penalised loss.
 * Kept out of `fairness`, which needs no tensors: this folder sits above `train` in the layers.
 * @module
 */
export { KeelTrainer, type KeelFitData, type KeelTrainerOptions } from './keel-trainer.js';
export { KeelClassifier, keelLearner } from './keel-classifier.js';
export { keelPenaltyPath, type KeelPenaltyPathOptions, type KeelPenaltyPathResult } from './keel-penalty-path.js';
export { weightedBinaryLoss } from './weighted-loss.js';
