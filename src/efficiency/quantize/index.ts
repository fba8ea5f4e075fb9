export { quantizeModel, QUANTIZE_MODES, PLACEMENTS, QUANT_METADATA, type Placement, type QuantizeMode, type QuantizeModelOptions, type QuantizeReport } from './quantize-model.js';
export { placeInt8, compareWhole, clearlyFaster, wholeModelRule, MODEL_CHECK_ROUNDS, MODEL_CHECK_BLOCKS, DEFAULT_MIN_SPEEDUP, MIN_FASTER_SHARE, type Emitter, type LatencyComparison, type NodeTiming, type PlacementOptions, type PlacementReport } from './placement.js';
export { quantizeStatic, calibrateStatic, emitStatic, staticGroups, KEEP_FLOAT32_SESSION, type ActivationParams, type QuantizedNode, type QuantizeResult, type StaticQuantizeOptions } from './static-quantizer.js';
export { quantizeDynamic, dynamicGroups, type DynamicQuantizeOptions } from './dynamic-quantizer.js';
export { calibrate, checkCalibration, type Range } from './calibrate.js';
export { activationParams, quantizeWeight, quantizeBias, type AffineParams, type ChannelQuantized } from './quant-params.js';
export { weightSite, keptNodes, KEPT_ON_REQUEST, type QuantGroup, type WeightSite, type SkippedNode } from './weight-site.js';
export { convertFloat16, type Float16Options } from './float16-converter.js';
export { UNFOLD_MAX_REDUCTION, UNFOLD_CHANNEL_MULTIPLE, extraTaps, unfoldedWeight } from './unfold-conv.js';
