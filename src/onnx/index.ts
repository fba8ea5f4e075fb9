export { loadOnnx, readOnnxFile, parseOnnx, MIN_OPSET, MAX_OPSET, type ImportedModel, type ParseOptions } from './import.js';
export { loadForInference, isInferenceOnly, inferenceOnlyNote, gradientBlocker, type InferenceOnlyModel } from './inference-only.js';
export { exportModel, EXPORT_OPSET, type ExportOptions } from './export.js';
