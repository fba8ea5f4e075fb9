import { UsageError, type HostTensor } from '../../core/index.js';
import type { Node, Value } from '../../ir/index.js';

/** A node whose weight can be quantized: the weight, its output-channel axis and an optional bias. */
export interface WeightSite {
  readonly node: Node;
  readonly x: Value;
  readonly w: Value;
  readonly weight: HostTensor;
  /** Axis of `weight` that indexes output channels. */
  readonly axis: number;
  readonly bias?: HostTensor;
}

/** A node left in float32, with the reason. */
export interface SkippedNode {
  readonly node: string;
  readonly op: string;
  readonly reason: string;
}

/** A quantizable node with the values that bound it: its float32 data input and the end of what it keeps int8 on its own. */
export interface QuantGroup {
  readonly node: string;
  readonly op: string;
  /** The node's data input. */
  readonly from: string;
  /** Its output (static mode: its folded ReLU's output, then any MaxPool/Flatten after it). */
  readonly to: string;
}

/**
 * The contents of a constant float32 weight: an initializer, or an Identity of one (PyTorch's
 * exporter shares equal initializers, e.g. the zero biases of BatchNorm-folded convs, that way).
 */
function constantWeight(v: Value | null | undefined): HostTensor | undefined {
  let u = v;
  while (u?.kind === 'node' && u.producer?.op === 'Identity') u = u.producer.inputs[0];
  // Weights stored [out, in] and transposed in the graph (Keel's attention and PyTorch exports):
  // the quantizer reads the transposed values.
  const t = u?.kind === 'node' && u.producer?.op === 'Transpose' && u.rank === 2 ? u.producer.inputs[0] : undefined;
  const perm = u?.producer?.attrs['perm'];
  if (t && (perm === undefined || (Array.isArray(perm) && perm[0] === 1 && perm[1] === 0))) {
    const w = constantWeight(t);
    return w && w.shape.length === 2 ? transpose2d(w) : undefined;
  }
  return u && u.kind === 'initializer' && u.dtype === 'float32' ? u.known : undefined;
}

/** Transposes a 2-D float32 tensor. */
export function transpose2d(w: HostTensor): HostTensor {
  const [r, c] = [w.shape[0]!, w.shape[1]!];
  const src = w.data as Float32Array;
  const out = new Float32Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = src[i * c + j]!;
  return { dtype: 'float32', shape: [c, r], data: out };
}

/**
 * Whether `n` (Conv, MatMul or Gemm) has a constant float32 weight Keel can quantize; returns the
 * site, or the reason it stays float32.
 *
 * @example `const site = weightSite(node); if ('reason' in site) console.log(site.reason);`
 */
export function weightSite(n: Node): WeightSite | { reason: string } {
  const x = n.inputs[0];
  const w = n.inputs[1];
  if (!x || x.dtype !== 'float32' || x.kind === 'initializer') return { reason: 'its data input is not a float32 activation' };
  const weight = constantWeight(w);
  if (!w || !weight) return { reason: 'its weight is not a constant float32 initializer' };
  const b = n.inputs[2];
  const bias = constantWeight(b);
  if (b && !bias) return { reason: 'its bias is not a constant float32 initializer' };
  switch (n.op) {
    case 'Conv':
      if (w.rank < 3) return { reason: `Conv weight of rank ${w.rank}` };
      return { node: n, x, w, weight, axis: 0, ...(bias ? { bias } : {}) };
    case 'MatMul':
      if (w.rank !== 2 || x.rank < 2) return { reason: 'MatMul with a weight that is not 2-D (or a 1-D input)' };
      return { node: n, x, w, weight, axis: 1 };
    case 'Gemm': {
      const alpha = Number(n.attrs['alpha'] ?? 1);
      const beta = Number(n.attrs['beta'] ?? 1);
      if (Number(n.attrs['transA'] ?? 0) !== 0 || alpha !== 1 || beta !== 1) return { reason: 'Gemm with transA, alpha or beta other than the defaults' };
      const axis = Number(n.attrs['transB'] ?? 0) ? 0 : 1;
      if (bias && (bias.shape.length !== 1 || bias.shape[0] !== w.shape[axis])) return { reason: 'Gemm bias is not one value per output' };
      return { node: n, x, w, weight, axis, ...(bias ? { bias } : {}) };
    }
    default:
      return { reason: `${n.op} has no int8 form in Keel's quantizer` };
  }
}

/** An LSTM whose input and recurrence weights can go int8 (onnxruntime's DynamicQuantizeLSTM). */
export interface RecurrentSite {
  readonly node: Node;
  readonly x: Value;
  /** W [directions, gates·hidden, input] and R [directions, gates·hidden, hidden], float32. */
  readonly w: HostTensor;
  readonly r: HostTensor;
  /** The output the rest of the model reads (Y, else Y_h, else Y_c): the end of its timed region. */
  readonly out: Value;
}

/**
 * Whether LSTM node `n` (time-major, as Keel's IR holds it) has constant float32 W and R and no
 * optional input onnxruntime's int8 LSTM lacks; returns the site, or the reason it stays float32.
 * `read` is the set of values the model reads (node inputs and graph outputs).
 *
 * @example `const site = recurrentSite(lstmNode, read);`
 */
export function recurrentSite(n: Node, read: ReadonlySet<Value>): RecurrentSite | { reason: string } {
  const x = n.inputs[0];
  if (!x || x.dtype !== 'float32' || x.kind === 'initializer') return { reason: 'its data input is not a float32 activation' };
  const [w, r] = [constantWeight(n.inputs[1]), constantWeight(n.inputs[2])];
  if (!w || !r || w.shape.length !== 3 || r.shape.length !== 3) return { reason: 'its W and R are not constant float32 initializers' };
  if (Number(n.attrs['layout'] ?? 0) !== 0) return { reason: 'a batch-major (layout 1) LSTM' };
  const out = n.outputs.find((o) => read.has(o));
  if (!out) return { reason: 'none of its outputs is read' };
  return { node: n, x, w, r, out };
}

/** Ops that only move data: never listed as left in float32. */
export const DATA_MOVEMENT = new Set(['Constant', 'Identity', 'Reshape', 'Flatten', 'Transpose', 'Squeeze', 'Unsqueeze', 'Shape', 'Size', 'Gather', 'Concat', 'Slice', 'Split', 'Cast', 'Expand', 'ConstantOfShape', 'Range', 'Dropout']);

/** Why a node named in `keepFloat32` stays float32. */
export const KEPT_ON_REQUEST = 'kept float32 on request (--keep-fp32)';

/**
 * Resolves `keepFloat32` names to nodes: node names, or `first-conv` for the first Conv in
 * execution order. An unknown name is a QUANT_KEEP_UNKNOWN usage error listing the candidates.
 *
 * @example `const keep = keptNodes(rw.nodes, ['first-conv', 'Gemm_1']);`
 */
export function keptNodes(nodes: readonly Node[], names: readonly string[] = []): Set<Node> {
  const keep = new Set<Node>();
  for (const name of names) {
    const n = name === 'first-conv' ? nodes.find((m) => m.op === 'Conv') : nodes.find((m) => m.name === name);
    if (!n) {
      const candidates = nodes.filter((m) => m.op === 'Conv' || m.op === 'MatMul' || m.op === 'Gemm' || m.op === 'LSTM').map((m) => m.name);
      throw new UsageError('QUANT_KEEP_UNKNOWN', `--keep-fp32: no node "${name}" in the model; quantizable nodes: ${candidates.join(', ') || 'none'} (or first-conv)`, { name, candidates });
    }
    keep.add(n);
  }
  return keep;
}
