import type onnxProto from 'onnx-proto';
import { GraphError, type HostTensor } from '../core/index.js';
import { Graph, liveNodes, onnxTypeCode, outerReads, type AttrKind, type AttrValue, type Node, type Value } from '../ir/index.js';
import { getPrimitive } from '../ops/index.js';
import { toOpsetForm } from './opset-forms.js';
import { onnx, tensorToProto } from './proto.js';

type INode = onnxProto.onnx.INodeProto;
type IAttr = onnxProto.onnx.IAttributeProto;
const AT = onnx.AttributeProto.AttributeType;

/** The opset Keel writes by default; a graph imported at a newer opset (18–20) is written at its own. */
export const EXPORT_OPSET = 17;

/** The opset a graph is written at: its own when newer than {@link EXPORT_OPSET}. */
export function exportOpset(graph: Graph): number {
  return Math.max(EXPORT_OPSET, graph.opset ?? EXPORT_OPSET);
}

/** Ops whose fully known results are written as constants instead of nodes (exporters' shape arithmetic). */
const FOLDABLE = new Set(['Shape', 'Gather', 'Unsqueeze', 'Squeeze', 'Concat', 'Slice', 'Cast', 'Range', 'Size', 'Reshape', 'Identity']);

/** Options for {@link exportModel}. */
export interface ExportOptions {
  readonly producer?: string;
  /** Fold build-time-known shape arithmetic into constants (default true). */
  readonly fold?: boolean;
}

/**
 * Serializes a graph as an ONNX model (opset 17, or the graph's own opset when newer): live nodes only, weights as initializers,
 * symbolic dimensions (the batch) as `dim_param`.
 *
 * @example `fs.writeFileSync('m.onnx', exportModel(graph));`
 */
export function exportModel(graph: Graph, opts: ExportOptions = {}): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: opts.producer ?? 'keel',
    opsetImport: [{ domain: '', version: exportOpset(graph) }, ...[...domainsOf(graph)].map(([domain, version]) => ({ domain, version }))],
    graph: graphProto(graph, opts.fold ?? true, exportOpset(graph)),
    metadataProps: [...graph.metadata].map(([key, value]) => ({ key, value })),
  });
  return onnx.ModelProto.encode(model).finish();
}

/** The non-standard operator sets (name → version) of a graph's live nodes and their subgraphs. */
function domainsOf(graph: Graph, found = new Map<string, number>()): Map<string, number> {
  for (const n of liveNodes(graph)) {
    const d = getPrimitive(n.op).domain;
    if (d) found.set(d.name, d.version);
    for (const a of Object.values(n.attrs)) if (a instanceof Graph) domainsOf(a, found);
  }
  return found;
}

function valueInfo(v: Value): onnxProto.onnx.IValueInfoProto {
  return {
    name: v.name,
    type: { tensorType: { elemType: onnxTypeCode(v.dtype), shape: { dim: v.shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  };
}

function graphProto(graph: Graph, fold: boolean, opset: number): onnxProto.onnx.IGraphProto {
  const live = liveNodes(graph);
  const used = new Set<Value>();
  for (const n of live) {
    for (const v of n.inputs) if (v) used.add(v);
    // A Loop/If body may read this graph's weights directly (outer scope): they stay initializers.
    for (const a of Object.values(n.attrs)) if (a instanceof Graph) for (const v of outerReads(a)) used.add(v);
  }
  for (const v of graph.outputs) used.add(v);
  const nodes: INode[] = [];
  const outputNames = new Set(graph.outputs.map((v) => v.name));
  for (const n of live) {
    const folded = fold && FOLDABLE.has(n.op) && n.outputs.every((o) => o.known !== undefined) && !n.outputs.some((o) => outputNames.has(o.name));
    if (folded) nodes.push(...n.outputs.filter((o) => used.has(o)).map((o) => constantNode(o.name, o.known!)));
    else nodes.push(...toOpsetForm(n, nodeProto(n, opset), opset));
  }
  return {
    name: graph.name,
    node: nodes,
    initializer: graph.initializers.filter((v) => used.has(v)).map((v) => tensorToProto(v.known!, v.name)),
    input: graph.inputs.map(valueInfo),
    output: graph.outputs.map(valueInfo),
  };
}

function constantNode(name: string, t: HostTensor): INode {
  return { opType: 'Constant', name: `${name}_const`, input: [], output: [name], attribute: [{ name: 'value', type: AT.TENSOR, t: tensorToProto(t, '') }] };
}

function nodeProto(n: Node, opset: number): INode {
  const p = getPrimitive(n.op);
  const attribute: IAttr[] = [];
  for (const [name, value] of Object.entries(n.attrs)) {
    const spec = p.attrs[name];
    if (!spec) throw new GraphError('GRAPH_ATTRIBUTE', `${n.op} node "${n.name}": attribute "${name}" is not part of Keel's ${n.op}`, { node: n.name });
    attribute.push(attrProto(name, spec.kind, value, opset));
  }
  return { opType: n.op, ...(p.domain ? { domain: p.domain.name } : {}), name: n.name, input: n.inputs.map((v) => v?.name ?? ''), output: n.outputs.map((v) => v.name), attribute };
}

function attrProto(name: string, kind: AttrKind, value: AttrValue, opset: number): IAttr {
  switch (kind) {
    case 'int':
      return { name, type: AT.INT, i: value as number };
    case 'float':
      return { name, type: AT.FLOAT, f: value as number };
    case 'string':
      return { name, type: AT.STRING, s: new TextEncoder().encode(value as string) };
    case 'ints':
      return { name, type: AT.INTS, ints: [...(value as readonly number[])] };
    case 'floats':
      return { name, type: AT.FLOATS, floats: [...(value as readonly number[])] };
    case 'strings':
      return { name, type: AT.STRINGS, strings: (value as readonly string[]).map((v) => new TextEncoder().encode(v)) };
    case 'tensor':
      return { name, type: AT.TENSOR, t: tensorToProto(value as HostTensor, '') };
    case 'graph':
      return { name, type: AT.GRAPH, g: graphProto(value as Graph, true, opset) };
  }
}
