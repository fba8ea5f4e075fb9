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
export { trainEpoch, predictBatched, accuracy, argmaxRows, fit, diagnoseFit, EarlyStopping, ReduceLROnPlateau, TerminateOnNaN, ModelCheckpoint, HistoryLogger, ProgressBar, type FitOptions, type FitResult, type Callback, type Diagnosis } from './train/index.js';
export { readNpy, writeNpy, readNpz, writeNpz, readIdx } from './io/index.js';
export { loadMnist } from './datasets/index.js';

// Each capability as a namespace, so that names never collide across areas:
// `import { robust } from 'keel'; new robust.PgdAttack(classifier, { steps: 20 })`.
export * as train from './train/index.js';
export * as data from './data/index.js';
export * as explain from './explain/index.js';
export * as fairness from './fairness/index.js';
export * as tune from './tune/index.js';
export * as robust from './robust/index.js';
export * as efficiency from './efficiency/index.js';
export * as report from './report/index.js';
export * as serve from './serve/index.js';
