export { KeelError, UsageError, DataError, GraphError, RuntimeError, isKeelError } from './errors.js';
export type { DType, HostTensor, TensorData, TypedArrayOf } from './tensor.js';
export { sizeOf, allocate, tensor, numberAt, toNumbers, isFloat, toInt64 } from './tensor.js';
export { Rng } from './random.js';
