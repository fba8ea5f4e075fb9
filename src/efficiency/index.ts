export * from './profile/index.js';
export * from './quantize/index.js';
export * from './prune/index.js';
export * from './distill/index.js';
export { compareModels, predictAll, type Comparison } from './common/evaluate-models.js';
export { GraphRewriter, consumers } from './common/graph-rewriter.js';
export { trainGraph, type TrainOptions } from './common/train-graph.js';
export { loadModel, type LoadedModel } from './common/load-model.js';
export { extractRegion, valueNamed } from './common/region.js';
