export { softmaxCrossEntropy, meanSquaredError, type LossFn } from './losses.js';
export { initWeight, initBias, type InitName } from './init.js';
export { dense, conv2d, maxPool2d, avgPool2d, globalAvgPool, flatten, activation, dropout, activate, type Layer, type LayerContext, type ActivationName, type DenseOptions, type Conv2dOptions } from './layers.js';
export { Sequential, type GraphOptions } from './sequential.js';
