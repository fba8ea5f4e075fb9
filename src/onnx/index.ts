export { loadOnnx, loadForInference, parseOnnx, type InferenceOnlyModel, MIN_OPSET, MAX_OPSET, type ImportedModel } from './import.js';
export { exportModel, liveNodes, EXPORT_OPSET, type ExportOptions } from './export.js';
