export { MagnitudePruner, ChannelPruner, PRUNERS, prunableWeights, type Pruner, type PrunerName, type PrunableWeight } from './pruner.js';
export { pruneModel, sparsityReport, type PruneOptions, type PruneReport, type LayerSparsity, type StructureChange } from './prune-model.js';
export { applyMasks, fineTuneMasked } from './fine-tune.js';
export { removeZeroChannels, type ChannelRemoval, type RemovedChannels, type KeptZeroChannels } from './channel-remover.js';
