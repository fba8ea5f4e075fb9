/**
 * {@link modelScores}: a `Model`'s probability of label 1, the scores that post-processing
 * (`ThresholdOptimizer`) takes, straight from the model.
 * @module
 */
import { DataError } from '../core/index.js';
import type { Model, ModelInput } from '../model/index.js';
import { classProbabilities } from '../train/index.js';
import type { FeatureMatrix } from '../fairness/index.js';
import { featureTensor } from './keel-trainer.js';

const isFeatureMatrix = (x: FeatureMatrix | ModelInput): x is FeatureMatrix => typeof x === 'object' && 'rows' in x && 'cols' in x && 'data' in x;

/**
 * Probability of label 1 for every row, from a binary classifier `Model` (softmax of two
 * logits, or the sigmoid of one): the scores `ThresholdOptimizer` fits and predicts on.
 * Takes a fairness `FeatureMatrix` or any model input (float64 is converted, with one note).
 *
 * @example
 * ```ts
 * const model = await Model.load('adult.onnx');
 * const to = new ThresholdOptimizer({ constraint: 'demographic_parity' });
 * to.fit(await modelScores(model, X), y, { features: { sex }, sensitiveFeatures: 'sex' });
 * const yHat = to.predict(await modelScores(model, Xtest), { features: { sex: sexTest }, seed: 0 });
 * ```
 */
export async function modelScores(model: Model, x: FeatureMatrix | ModelInput): Promise<Float64Array> {
  const logits = await model.predict(isFeatureMatrix(x) ? featureTensor(x) : x);
  const rows = logits.shape[0] ?? 0;
  const width = logits.data.length / Math.max(1, rows);
  if (width > 2) throw new DataError('MODEL_OUTPUT', `Output "${model.output.name}" has ${width} columns per row; scores for fairness post-processing need a binary classifier (1 or 2 outputs).`, { path: model.path ?? model.output.name, columns: width });
  const scores = new Float64Array(rows);
  for (let i = 0; i < rows; i++) scores[i] = classProbabilities((logits.data as Float32Array).subarray(i * width, (i + 1) * width))[1]!;
  return scores;
}
