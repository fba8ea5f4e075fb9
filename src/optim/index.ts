export { clipGradients, type Optimizer, type UpdateInputs, type UpdateOutputs, type ClipOptions } from './optimizer.js';
export { Sgd, Adam, AdamW, RmsProp, OPTIMIZERS, type OptimizerName, type SgdOptions, type AdamOptions, type RmsPropOptions } from './optimizers.js';
