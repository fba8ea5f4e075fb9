/**
 * Fairness over Keel models: a {@link Learner} trained by Keel's engine (weighted cross-entropy
 * in graph nodes, one compiled TrainStep shared by every fit) — a fresh network or a fine-tuned
 * `Model` — the fairness-penalised loss, and a Model's scores for post-processing.
 * Kept out of `fairness`, which needs no tensors: this folder sits above `train` in the layers.
 * @module
 */
export { KeelTrainer, featureTensor, type KeelFitData, type KeelTrainerOptions } from './keel-trainer.js';
export { KeelClassifier, keelLearner } from './keel-classifier.js';
export { keelPenaltyPath, type KeelPenaltyPathOptions, type KeelPenaltyPathResult } from './keel-penalty-path.js';
export { weightedBinaryLoss } from './weighted-loss.js';
export { modelScores } from './model-scores.js';
