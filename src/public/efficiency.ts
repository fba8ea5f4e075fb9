/**
 * `keel/efficiency`: profile (FLOPs, memory, latency), quantize (int8 static/dynamic, float16),
 * prune (magnitude, channels) and distill any `Model`, and compare the result with the original.
 *
 * @example
 * ```ts
 * import { quantizeModel } from 'keel/efficiency';
 * const { bytes, report } = await quantizeModel(model, { mode: 'dynamic' });
 * ```
 * @packageDocumentation
 */
export { profileModel, measureLatency, cpuFeatures, int8Settings, INT8_FLAGS, placeInt8, type ModelProfile, type ProfileOptions, type InputDimsOptions, type LatencyOptions, type LatencyRow } from '../efficiency/index.js';
export { quantizeModel, QUANTIZE_MODES, type QuantizeMode, type QuantizeModelOptions, type QuantizeReport, type LatencyComparison } from '../efficiency/index.js';
export { pruneModel, MagnitudePruner, ChannelPruner, type PruneOptions, type PruneReport } from '../efficiency/index.js';
// Named apart from keel/tune's trial pruners.
export type { Pruner as WeightPruner, PrunerName as WeightPrunerName } from '../efficiency/index.js';
export { distill, distillationLoss, type DistillOptions, type DistillReport, type DistillLossOptions } from '../efficiency/index.js';
export { compareModels, type Comparison } from '../efficiency/index.js';
// Types (and the pruner registry) that the signatures above mention.
export { PRUNERS as WEIGHT_PRUNERS } from '../efficiency/index.js';
export type { QuantGroup, Emitter, PlacementOptions, QuantizeResult, QuantizedNode, NodeTiming, RemovedChannels, KeptZeroChannels, CpuFeatures, Int8Settings, LayerSparsity, NodeCost, PlacementReport, PrunableWeight, SkippedNode, StructureChange, TrainOptions } from '../efficiency/index.js';
