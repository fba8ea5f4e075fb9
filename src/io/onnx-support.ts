import type { OnnxInterface, OnnxNodeInfo } from './onnx-interface.js';

/**
 * The ONNX ops Keel's importer represents (so can differentiate): the ops registry's primitives with
 * the attributes each accepts, and the composites Keel builds from primitives (`'any'`: their
 * attributes are read by the composite). Kept here, free of the registry, so that a command that
 * only runs a file on onnxruntime (`keel predict`) can tell from the file's bytes whether the
 * graph import is needed to say which op blocks gradients. A test keeps it equal to the registry:
 * after adding a primitive or composite run
 * `KEEL_UPDATE_OPS=1 npx vitest run test/io/onnx-support.test.ts`.
 */
export const KEEL_OPS: Readonly<Record<string, readonly string[] | 'any'>> = {
  // generated: start
  Abs: [],
  Add: [],
  And: [],
  ArgMax: ['axis', 'keepdims', 'select_last_index'],
  AveragePool: ['auto_pad', 'ceil_mode', 'count_include_pad', 'kernel_shape', 'pads', 'strides'],
  BatchNormalization: ['epsilon', 'momentum', 'training_mode'],
  Cast: ['saturate', 'to'],
  Ceil: [],
  Clip: [],
  Concat: ['axis'],
  Constant: ['value', 'value_float', 'value_floats', 'value_int', 'value_ints'],
  ConstantOfShape: ['value'],
  Conv: ['auto_pad', 'dilations', 'group', 'kernel_shape', 'pads', 'strides'],
  ConvTranspose: ['auto_pad', 'dilations', 'group', 'kernel_shape', 'output_padding', 'output_shape', 'pads', 'strides'],
  DepthToSpace: 'any',
  DequantizeLinear: ['axis'],
  Div: [],
  Dropout: ['seed'],
  DynamicQuantizeLinear: [],
  Einsum: ['equation'],
  Elu: ['alpha'],
  Equal: [],
  Erf: [],
  Exp: [],
  Expand: [],
  Flatten: ['axis'],
  Floor: [],
  Gather: ['axis'],
  GatherElements: ['axis'],
  Gelu: 'any',
  Gemm: ['alpha', 'beta', 'transA', 'transB'],
  GlobalAveragePool: [],
  GlobalMaxPool: [],
  Greater: [],
  GreaterOrEqual: [],
  GRU: ['activation_alpha', 'activation_beta', 'activations', 'clip', 'direction', 'hidden_size', 'layout', 'linear_before_reset'],
  HardSigmoid: 'any',
  HardSwish: 'any',
  Identity: [],
  InstanceNormalization: 'any',
  LayerNormalization: ['axis', 'epsilon', 'stash_type'],
  LeakyRelu: ['alpha'],
  Less: [],
  LessOrEqual: [],
  Log: [],
  LogSoftmax: ['axis'],
  Loop: ['body'],
  LRN: 'any',
  LSTM: ['activation_alpha', 'activation_beta', 'activations', 'clip', 'direction', 'hidden_size', 'input_forget', 'layout'],
  MatMul: [],
  MatMulInteger: [],
  Max: [],
  MaxPool: ['auto_pad', 'ceil_mode', 'dilations', 'kernel_shape', 'pads', 'storage_order', 'strides'],
  MaxUnpool: ['kernel_shape', 'pads', 'strides'],
  Mean: 'any',
  Min: [],
  Mul: [],
  Neg: [],
  Not: [],
  Or: [],
  Pad: ['mode'],
  Pow: [],
  PRelu: 'any',
  QuantizeLinear: ['axis'],
  Range: [],
  Reciprocal: [],
  ReduceMax: ['axes', 'keepdims', 'noop_with_empty_axes'],
  ReduceMean: ['axes', 'keepdims', 'noop_with_empty_axes'],
  ReduceProd: ['axes', 'keepdims', 'noop_with_empty_axes'],
  ReduceSum: ['axes', 'keepdims', 'noop_with_empty_axes'],
  ReduceSumSquare: ['axes', 'keepdims', 'noop_with_empty_axes'],
  Relu: [],
  Reshape: ['allowzero'],
  RNN: ['activation_alpha', 'activation_beta', 'activations', 'clip', 'direction', 'hidden_size', 'layout'],
  Round: [],
  Scan: ['body', 'num_scan_inputs', 'scan_input_axes', 'scan_input_directions', 'scan_output_axes', 'scan_output_directions'],
  ScatterElements: ['axis', 'reduction'],
  ScatterND: ['reduction'],
  Selu: ['alpha', 'gamma'],
  Shape: ['end', 'start'],
  Shrink: 'any',
  Sigmoid: [],
  Sign: [],
  Size: [],
  Slice: [],
  Softmax: ['axis'],
  Softplus: [],
  Softsign: 'any',
  SpaceToDepth: 'any',
  Split: ['axis', 'num_outputs'],
  Sqrt: [],
  Squeeze: [],
  Sub: [],
  Sum: 'any',
  Tanh: [],
  Tile: [],
  Transpose: ['perm'],
  Trilu: ['upper'],
  Unsqueeze: [],
  Where: [],
  // generated: end
};

/** Attributes an opset-6…12 node may carry that the importer rewrites into inputs or drops. */
export const LEGACY_ATTRIBUTES: ReadonlySet<string> = new Set(['axes', 'split', 'pads', 'value', 'min', 'max', 'starts', 'ends', 'ratio', 'is_test', 'consumed_inputs', 'spatial', 'broadcast', 'axis']);

/** Ops of opsets 6…12 whose old semantics the importer refuses (they are not Keel ops at any opset). */
export const LEGACY_UNSUPPORTED_OPS: ReadonlySet<string> = new Set(['Upsample', 'Scatter']);

/** Attribute types the importer reads: FLOAT, INT, STRING, TENSOR, GRAPH, FLOATS, INTS, STRINGS. */
const READ_TYPES = new Set([1, 2, 3, 4, 5, 6, 7, 8]);

/**
 * Where the registry refuses some values of an accepted attribute or optional input (a recurrent
 * op's clip or non-default activations, sequence_lens or peepholes; training-mode batch norm; an
 * Einsum ellipsis): a node carrying one is decided only by importing the graph. Attributes in
 * `nonZero` are fine at 0.
 */
const DECIDED_BY_VALUE: Readonly<Record<string, { readonly present?: readonly string[]; readonly nonZero?: readonly string[]; readonly inputs?: readonly number[] }>> = {
  BatchNormalization: { nonZero: ['training_mode'] },
  LSTM: { present: ['activations', 'activation_alpha', 'activation_beta', 'clip'], nonZero: ['input_forget'], inputs: [4, 7] },
  GRU: { present: ['activations', 'activation_alpha', 'activation_beta', 'clip'], inputs: [4] },
  RNN: { present: ['activations', 'activation_alpha', 'activation_beta', 'clip'], inputs: [4] },
  Einsum: { present: ['equation'] },
};

/** Why `node` may be outside what Keel imports, or undefined when it is surely inside. */
function outside(node: OnnxNodeInfo, opset: number): string | undefined {
  if (node.domain !== '') return `op ${node.domain}.${node.op} is outside the standard ONNX domain`;
  const attrs = KEEL_OPS[node.op];
  if (attrs === undefined) return `op ${node.op} is not a Keel op`;
  if (opset < 13 && LEGACY_UNSUPPORTED_OPS.has(node.op)) return `op ${node.op} at opset ${opset} is not supported`;
  const bad = node.attributes.find((a) => !READ_TYPES.has(a.type) || (attrs !== 'any' && !attrs.includes(a.name) && !(opset < 13 && LEGACY_ATTRIBUTES.has(a.name))));
  if (bad) return `${node.op} attribute "${bad.name}" (type ${bad.type}) is not read by Keel`;
  const judged = DECIDED_BY_VALUE[node.op];
  if (!judged) return undefined;
  const a = node.attributes.find((x) => judged.present?.includes(x.name) || (judged.nonZero?.includes(x.name) && x.int !== 0));
  if (a) return `${node.op} attribute "${a.name}" is supported for some values only`;
  const i = judged.inputs?.find((k) => (node.inputs[k] ?? '') !== '');
  return i === undefined ? undefined : `${node.op} input ${i} is supported when absent only`;
}

/**
 * The first node of the file (main graph or subgraph) that Keel may not import, with the reason,
 * judged from the file's bytes alone ({@link readOnnxInterface}): an op outside {@link KEEL_OPS}
 * or the standard domain, an attribute its primitive does not take, or an attribute value only the
 * import can judge. Undefined means the importer represents every op, so gradients are not
 * blocked by one; a node returned here may still import (then only the import says so).
 * @example `if (mayBlockGradients(readOnnxInterface(bytes))) { ...import the graph to name the op... }`
 */
export function mayBlockGradients(model: Pick<OnnxInterface, 'nodes' | 'opset'>): { readonly node: OnnxNodeInfo; readonly reason: string } | undefined {
  for (const node of model.nodes) {
    const reason = outside(node, model.opset);
    if (reason) return { node, reason };
  }
  return undefined;
}
