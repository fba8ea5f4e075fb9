export { quantizeModel, QUANTIZE_MODES, type QuantizeMode, type QuantizeModelOptions, type QuantizeReport, type LatencyComparison } from './quantize-model.js';
export { quantizeStatic, KEEP_FLOAT32_SESSION, type QuantizeResult, type StaticQuantizeOptions } from './static-quantizer.js';
export { quantizeDynamic } from './dynamic-quantizer.js';
export { calibrate, checkCalibration, type Range } from './calibrate.js';
export { activationParams, quantizeWeight, quantizeBias, type AffineParams, type ChannelQuantized } from './quant-params.js';
export { weightSite, keptNodes, KEPT_ON_REQUEST, type WeightSite, type SkippedNode } from './weight-site.js';
export { convertFloat16, type Float16Options } from './float16-converter.js';
