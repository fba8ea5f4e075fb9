export { MagnitudePruner, ChannelPruner, PRUNERS, prunableWeights, type Pruner, type PrunerName, type PrunableWeight } from './pruner.js';
export { pruneModel, sparsityReport, type PruneOptions, type PruneReport, type LayerSparsity } from './prune-model.js';
export { applyMasks, fineTuneMasked } from './fine-tune.js';
