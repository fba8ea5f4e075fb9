/**
 * `keel/engine`: the graph IR, autodiff, ONNX import/export, the onnxruntime session, tensors,
 * file formats and errors — what every other area is built on — and the {@link Model} object.
 *
 * @example
 * ```ts
 * import { Model, readNpy } from 'keel/engine';
 * const model = await Model.load('cnn.onnx');
 * const logits = await model.predict(readNpy('x.npy'));
 * ```
 * @packageDocumentation
 */
export { KeelError, UsageError, DataError, GraphError, RuntimeError, TrainingError, GateError, isKeelError, exitCodeOf, ERROR_CATALOGUE, EXIT_CODES } from '../core/index.js';
export type { ErrorCode, ErrorDetails, CodeOf, CatalogueEntry, ErrorClassName, ErrorCatalogueTable, DetailField, RequiredDetailKey, OptionalDetailKey, DetailKey, ErrorDetailTypes } from '../core/index.js';
export { tensor, sizeOf, toNumbers, Rng, type DType, type HostTensor, type TensorData, type TypedArrayOf } from '../core/index.js';
export { Graph, Node, Value, fmtShape, type Dim, type TensorType } from '../ir/index.js';
export { Builder } from '../ops/index.js';
export { gradients, type GradientOptions } from '../autodiff/index.js';
export { loadOnnx, parseOnnx, exportModel, type ImportedModel, type InferenceOnlyModel, type ParseOptions } from '../onnx/index.js';
export { Session, TrainStep, availableProviders, sessionDefaults, checkGradients, type SessionOptions, type ProviderName, type WithMetadata, type TrainStepOptions, type TrainLoss } from '../runtime/index.js';
export { readNpy, writeNpy, readNpz, writeNpz, readIdx, parseNpy, parseNpz, parseIdx } from '../io/index.js';
export { Model, type ModelOptions, type Evaluation, type ModelInput, type LabelInput } from '../model/index.js';
// Types that the signatures above mention.
export type { ValueKind, GraphLike, Attrs, AttrValue } from '../ir/index.js';
export type { OpOptions } from '../ops/index.js';
export type { ExportOptions } from '../onnx/index.js';
export type { ObjectiveContext, CheckInput, GradCheckResult, BuildFn } from '../runtime/index.js';
export type { ReadNpzOptions, WriteNpzOptions } from '../io/index.js';
export type { NoteSink } from '../model/index.js';
