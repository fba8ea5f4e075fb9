import { toFloat16, type HostTensor } from '../../core/index.js';
import { Graph, liveNodes, type AttrValue, type Attrs, type Node, type Value } from '../../ir/index.js';
import { Builder, castCode } from '../../ops/index.js';
import type { QuantizeResult } from './static-quantizer.js';
import type { SkippedNode } from './weight-site.js';

/** Options for {@link convertFloat16}. */
export interface Float16Options {
  /** Ops to keep in float32 (with Casts around them), besides those that have no float16 form. */
  readonly keepFloat32Ops?: readonly string[];
}

/**
 * Ops that stay float32: quantization ops (their scales are float32 in opset 17), ops with
 * subgraphs, and ops whose extra float inputs must stay float32.
 */
const FLOAT32_ONLY = new Set(['QuantizeLinear', 'DequantizeLinear', 'DynamicQuantizeLinear', 'MatMulInteger', 'DynamicQuantizeLSTM', 'ConvInteger', 'QLinearConv', 'QLinearMatMul', 'Loop', 'If', 'Scan', 'Resize', 'Range']);

const isHostTensor = (a: AttrValue | undefined): a is HostTensor => a !== undefined && typeof a === 'object' && 'dtype' in a;

/** float32 contents as float16 (other dtypes unchanged). */
function half(t: HostTensor): HostTensor {
  return t.dtype === 'float32' ? { dtype: 'float16', shape: t.shape, data: toFloat16(t.data as Float32Array) } : t;
}

/** A node's attributes with float32 constants (Constant, ConstantOfShape) and Cast-to-float32 moved to float16. */
function halfAttrs(n: Node): Attrs {
  const out: Record<string, AttrValue> = {};
  for (const [k, v] of Object.entries(n.attrs)) out[k] = isHostTensor(v) ? half(v) : v;
  if (n.op === 'Cast' && out['to'] === castCode('float32')) out['to'] = castCode('float16');
  return out;
}

/**
 * Converts a float32 model to float16: weights and activations become float16, while the model's
 * inputs and outputs stay float32 with a Cast at each edge (as onnxconverter-common's
 * `keep_io_types`), so callers feed and read the same tensors as before. Ops without a float16
 * form here stay float32 behind Casts and are listed. On CPU, onnxruntime runs float16 nodes it
 * has no kernel for by inserting Casts itself; the gain there is the ~2× smaller file, while GPUs
 * also run faster.
 *
 * @example `const { graph: g16, skipped } = convertFloat16(graph);`
 */
export function convertFloat16(src: Graph, o: Float16Options = {}): QuantizeResult {
  const keep = new Set([...FLOAT32_ONLY, ...(o.keepFloat32Ops ?? [])]);
  const graph = new Graph(src.name);
  graph.opset = src.opset;
  const b = new Builder(graph);
  const full = new Map<Value, Value>(); // source value → new value of the same dtype
  const halfOf = new Map<Value, Value>(); // source float32 value → new float16 value
  const outputs = new Set(src.outputs);
  for (const v of src.inputs) full.set(v, graph.addInput(v.name, v.type));
  const get32 = (v: Value): Value => {
    const m = full.get(v);
    if (m) return m;
    if (v.kind === 'initializer' && v.known) {
      const w = halfOf.has(v) ? graph.addInitializer(graph.uniqueName(`${v.name}_fp32`), v.known) : graph.addInitializer(v.name, v.known);
      full.set(v, w);
      return w;
    }
    const h = halfOf.get(v);
    if (!h) throw new Error(`convertFloat16: ${v.name} read before it was produced`);
    const c = b.cast(h, 'float32');
    full.set(v, c);
    return c;
  };
  const get16 = (v: Value): Value => {
    if (v.dtype !== 'float32') return get32(v);
    const m = halfOf.get(v);
    if (m) return m;
    const w = v.kind === 'initializer' && v.known && !full.has(v) ? graph.addInitializer(v.name, half(v.known)) : b.cast(get32(v), 'float16');
    halfOf.set(v, w);
    return w;
  };
  const converted: { node: string; op: string }[] = [];
  const skipped: SkippedNode[] = [];
  for (const n of liveNodes(src)) {
    const to16 = !keep.has(n.op);
    const ins = n.inputs.map((v) => (v ? (to16 ? get16(v) : get32(v)) : null));
    const outputNames = n.outputs.map((v) => (to16 && outputs.has(v) && v.dtype === 'float32' ? `${v.name}_fp16` : v.name));
    const outs = b.op(n.op, ins, to16 ? halfAttrs(n) : n.attrs, { name: n.name, outputs: n.outputs.length, outputNames });
    n.outputs.forEach((v, i) => (outs[i]!.dtype === 'float16' && v.dtype === 'float32' ? halfOf : full).set(v, outs[i]!));
    const floaty = n.outputs.some((v) => v.dtype === 'float32');
    if (!floaty) continue;
    if (to16) converted.push({ node: n.name, op: n.op });
    else skipped.push({ node: n.name, op: n.op, reason: keep.has(n.op) && !FLOAT32_ONLY.has(n.op) ? 'kept float32 on request' : `${n.op} stays float32 in Keel's float16 conversion` });
  }
  const outs = src.outputs.map((v) => {
    const h = halfOf.get(v);
    if (!h || full.has(v)) return get32(v);
    return b.op1('Cast', [h], { to: castCode('float32') }, { outputNames: [v.name] });
  });
  graph.setOutputs(...outs);
  return { graph, quantized: converted, skipped };
}
