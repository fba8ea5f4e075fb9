export { countCosts, nodeFlops, elementsPerSample, bytesPerSample, type NodeCost } from './flop-counter.js';
export { activationMemory, type ActivationMemory } from './activation-memory.js';
export { measureLatency, quantile, randomInput, type LatencyOptions, type LatencyRow } from './latency.js';
export { inputDims, feedShape, withInputDims, type InputDimsOptions } from './input-dims.js';
export { profileModel, type ModelProfile, type ProfileOptions } from './profile-model.js';
export { timeInterleaved, pairedSpeedup, mergeTimings, type InterleavedOptions, type InterleavedTiming, type PairedSpeedup } from './interleaved.js';
export { cpuFeatures, int8Settings, INT8_FLAGS, type CpuFeatures, type Int8Settings } from './cpu-features.js';
