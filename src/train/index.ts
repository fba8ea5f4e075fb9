export { trainEpoch, type EpochOptions } from './fit-arrays.js';
export { predictBatched, argmaxRows, accuracy } from './predict.js';
export { gatherRows, stack, rowSlice } from './batches.js';
export { checkFeatures, checkLabels } from './validate.js';
