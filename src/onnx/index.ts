export { loadOnnx, loadSignature, parseOnnx, MIN_OPSET, MAX_OPSET, type ImportedModel } from './import.js';
export { exportModel, liveNodes, EXPORT_OPSET, type ExportOptions } from './export.js';
