/**
 * Keel's public surface. Internals are not re-exported; each concept folder's `index.ts` is the
 * only thing other folders import.
 */
export * from './core/index.js';
export { Graph, Node, Value, isStatic, fmtShape, type Dim, type TensorType } from './ir/index.js';
export { Builder, getPrimitive, allPrimitives, type Primitive, type GradRule } from './ops/index.js';
export { gradients, type GradientOptions } from './autodiff/index.js';
export { loadOnnx, parseOnnx, exportModel } from './onnx/index.js';
export { Session, TrainStep, availableProviders, checkGradients, type SessionOptions, type ProviderName } from './runtime/index.js';
export * from './optim/index.js';
export * from './nn/index.js';
export { trainEpoch, predictBatched, accuracy, argmaxRows } from './train/index.js';
export { readNpy, writeNpy, readNpz, writeNpz, readIdx } from './io/index.js';
export { loadMnist } from './datasets/index.js';
