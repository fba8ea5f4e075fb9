/**
 * Keel's one model object: {@link Model} loads an ONNX file or wraps a trained network and is what
 * every capability (explain, robust, fairness, efficiency, report) takes.
 *
 * @example
 * ```ts
 * import { Model } from '../model/index.js';
 * const model = await Model.load('cnn.onnx');
 * const { accuracy } = await model.evaluate(x, y);
 * ```
 */
export { Model, type ModelOptions, type Evaluation } from './model.js';
export { fit, type Fitted } from './fit-model.js';
export { coerceInput, coerceLabels, type ModelInput, type LabelInput, type NoteSink } from './model-input.js';
