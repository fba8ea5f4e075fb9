export { softmaxCrossEntropy, meanSquaredError, type LossFn } from './losses.js';
