import { liveNodes, type Dim, type Graph, type Node, type Value } from '../../ir/index.js';

/** Cost of one node for one sample (symbolic dims such as the batch count as 1). */
export interface NodeCost {
  readonly name: string;
  readonly op: string;
  /** Floating-point operations per sample; a multiply-add counts as 2. */
  readonly flops: number;
  /** Weights this node reads (elements of initializers, each counted at its first reader). */
  readonly parameters: number;
  /** Output shape with symbolic dims kept (e.g. `["n", 8, 8, 8]`). */
  readonly outputShape: readonly Dim[];
  /** Bytes of the node's outputs per sample. */
  readonly outputBytes: number;
  /** False when Keel has no FLOP rule for the op (its flops are reported as 0). */
  readonly counted: boolean;
}

const BYTES: Readonly<Record<string, number>> = { float32: 4, float64: 8, int64: 8, int32: 4, uint8: 1, int8: 1, bool: 1, float16: 2 };

/** Elements of a shape with every symbolic dim taken as 1 (one sample). */
export function elementsPerSample(shape: readonly Dim[]): number {
  let n = 1;
  for (const d of shape) n *= typeof d === 'number' ? d : 1;
  return n;
}

/** Bytes of a value per sample. */
export function bytesPerSample(v: Value): number {
  return elementsPerSample(v.shape) * (BYTES[v.dtype] ?? 4);
}

/** Ops that move or reinterpret data without arithmetic. */
const FREE = new Set([
  'Constant', 'Identity', 'Reshape', 'Flatten', 'Transpose', 'Squeeze', 'Unsqueeze', 'Shape', 'Size', 'Gather', 'Concat', 'Slice', 'Split', 'Cast',
  'Expand', 'Tile', 'Pad', 'ConstantOfShape', 'Range', 'Dropout', 'GatherElements', 'ScatterElements', 'DepthToSpace', 'SpaceToDepth',
]);
/** Element-wise ops: one operation per output element. */
const ELEMENTWISE = new Set([
  'Add', 'Sub', 'Mul', 'Div', 'Neg', 'Abs', 'Relu', 'LeakyRelu', 'Elu', 'Selu', 'Sigmoid', 'HardSigmoid', 'Tanh', 'Exp', 'Log', 'Sqrt', 'Reciprocal', 'Pow',
  'Softplus', 'Softsign', 'Erf', 'Sin', 'Cos', 'Clip', 'Max', 'Min', 'Sign', 'Floor', 'Ceil', 'Round', 'Where', 'Equal', 'Greater', 'Less', 'GreaterOrEqual',
  'LessOrEqual', 'Not', 'And', 'Or', 'Xor', 'PRelu', 'Gelu', 'QuantizeLinear', 'DequantizeLinear',
]);
/** Reductions: one operation per input element. */
const REDUCE = new Set(['ReduceSum', 'ReduceMean', 'ReduceMax', 'ReduceMin', 'ReduceProd', 'ReduceL1', 'ReduceL2', 'ReduceSumSquare', 'ReduceLogSumExp', 'ArgMax', 'ArgMin', 'GlobalAveragePool', 'GlobalMaxPool']);
/** Operations per element for normalizations and softmax (documented in {@link nodeFlops}). */
const PER_ELEMENT: Readonly<Record<string, number>> = { Softmax: 3, LogSoftmax: 3, BatchNormalization: 2, LayerNormalization: 5, InstanceNormalization: 5, DynamicQuantizeLinear: 3 };

function dim(v: Value, i: number): number {
  const d = v.shape[i < 0 ? v.rank + i : i];
  return typeof d === 'number' ? d : 1;
}

function product(xs: readonly number[] | undefined): number {
  return (xs ?? []).reduce((p, k) => p * k, 1);
}

/**
 * FLOPs of one node for one sample, or undefined when there is no rule for its op:
 * Conv 2·out·(Cin/group)·k + out for the bias; MatMul/Gemm/MatMulInteger 2·M·K·N (+ M·N bias);
 * pooling one op per window element; element-wise ops one per output; reductions one per input;
 * Softmax/LogSoftmax 3, BatchNorm 2, LayerNorm/InstanceNorm 5 per element; data movement 0.
 *
 * @example `nodeFlops(graph.nodes[0]!)`
 */
export function nodeFlops(n: Node): number | undefined {
  const out = n.outputs[0];
  if (!out) return 0;
  const outN = elementsPerSample(out.shape);
  if (FREE.has(n.op)) return 0;
  if (ELEMENTWISE.has(n.op)) return outN;
  if (REDUCE.has(n.op)) return elementsPerSample(n.input(0).shape);
  const per = PER_ELEMENT[n.op];
  if (per !== undefined) return per * outN;
  switch (n.op) {
    case 'Conv':
    case 'ConvInteger': {
      const w = n.input(1);
      const window = product(w.shape.slice(1).map((d) => (typeof d === 'number' ? d : 1)));
      const bias = n.op === 'Conv' && n.inputs[2] ? outN : 0;
      return 2 * outN * window + bias;
    }
    case 'MatMul':
    case 'MatMulInteger':
      return 2 * outN * dim(n.input(0), -1);
    case 'Gemm': {
      const a = n.input(0);
      const k = Number(n.attrs['transA'] ?? 0) ? dim(a, 0) : dim(a, 1);
      return 2 * outN * k + (n.inputs[2] ? outN : 0);
    }
    case 'MaxPool':
    case 'AveragePool':
    case 'LpPool':
      return outN * product(n.attrs['kernel_shape'] as readonly number[] | undefined);
    default:
      return undefined;
  }
}

/**
 * Per-node costs of a graph's live nodes for one sample, in execution order. Parameters are the
 * elements of the initializers a node reads (shared weights count once, at their first reader);
 * quantization scales and zero points (inputs 1–2 of QuantizeLinear/DequantizeLinear) are not
 * parameters.
 *
 * @example `const total = countCosts(graph).reduce((s, c) => s + c.flops, 0);`
 */
export function countCosts(graph: Graph): NodeCost[] {
  const seen = new Set<Value>();
  return liveNodes(graph).map((n) => {
    const f = nodeFlops(n);
    let parameters = 0;
    n.inputs.forEach((v, i) => {
      if (!v || v.kind !== 'initializer' || seen.has(v)) return;
      if ((n.op === 'QuantizeLinear' || n.op === 'DequantizeLinear') && i > 0) return;
      seen.add(v);
      parameters += elementsPerSample(v.shape);
    });
    const outputBytes = n.outputs.reduce((s, o) => s + bytesPerSample(o), 0);
    return { name: n.name, op: n.op, flops: f ?? 0, parameters, outputShape: n.outputs[0]?.shape ?? [], outputBytes, counted: f !== undefined };
  });
}
