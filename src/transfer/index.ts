export { transferModel, layerGroups, depthLrFactors, embed, type TransferOptions, type TransferModel } from './transfer-model.js';
export { backboneLayer, graphHeadLayer, cutValue } from './backbone.js';
export { readHead, headSpec } from './head.js';
export { selectWeights, weightNames, weightsUpTo, findValue, nearestNames, globToRegExp } from './names.js';
