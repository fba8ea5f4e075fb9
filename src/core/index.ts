export { KeelError, UsageError, DataError, GraphError, RuntimeError, TrainingError, isKeelError } from './errors.js';
export { importOptional } from './optional-module.js';
export type { DType, HostTensor, TensorData, TypedArrayOf } from './tensor.js';
export { sizeOf, allocate, tensor, numberAt, toNumbers, isFloat, toInt64 } from './tensor.js';
export { Rng } from './random.js';
export { floatToHalf, halfToFloat, toFloat16, fromFloat16 } from './float16.js';
export { escapeControl, warn, type TerminalStream } from './terminal.js';
export { Progress, type ProgressOptions } from './progress.js';
