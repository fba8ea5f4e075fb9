import { readFileSync } from 'node:fs';
import type onnxProto from 'onnx-proto';
import { DataError, GraphError, UsageError, isKeelError } from '../core/index.js';
import { LEGACY_ATTRIBUTES } from '../io/index.js';
import { Graph, dtypeFromOnnx, type AttrValue, type Value } from '../ir/index.js';
import { Builder, getComposite, getPrimitive, hasPrimitive } from '../ops/index.js';
import { upgradeNode } from './legacy.js';
import { onnx, tensorFromProto, toNum } from './proto.js';
import { dimsOf } from './value-dims.js';

const AT = onnx.AttributeProto.AttributeType;

/** Opsets whose operator signatures Keel's primitives follow. */
export const MIN_OPSET = 6;
export const MAX_OPSET = 20;

/** An ONNX model brought into Keel's IR. */
export interface ImportedModel {
  readonly graph: Graph;
  readonly opset: number;
  readonly producer: string;
  /** The bytes the graph was parsed from (onnxruntime can run them as they are). */
  readonly bytes: Uint8Array;
}

/**
 * Reads an ONNX file into Keel's IR. Every model Keel runs, differentiates or fine-tunes comes
 * through here, so anything Keel can run it can differentiate.
 *
 * @example `const { graph } = await loadOnnx('model.onnx');`
 */
export function loadOnnx(path: string): Promise<ImportedModel> {
  // A throw in the executor (unreadable file, bad graph) becomes the promise's rejection.
  return new Promise((resolve) => {
    resolve(parseOnnx(readOnnxFile(path), path));
  });
}

/**
 * The bytes of a model file (a typed `FILE_NOT_FOUND` when it cannot be read), as {@link loadOnnx} reads them.
 * @example `const bytes = readOnnxFile('model.onnx');`
 */
export function readOnnxFile(path: string): Uint8Array {
  try {
    // One read call: fs/promises' readFile reads in chunks, ≈ 0.5 ms more CPU for a 1.7 MB model.
    return readFileSync(path);
  } catch (e) {
    throw new UsageError('FILE_NOT_FOUND', `cannot read model file ${path}: ${(e as Error).message}`, { file: path }, { cause: e });
  }
}

/** Options of {@link parseOnnx}. */
export interface ParseOptions {
  /**
   * Sizes for named symbolic dims of the graph's inputs (e.g. `{ T: 64 }`): the graph is built as
   * if the file had declared them, so every shape derived from them is concrete.
   */
  readonly dims?: Readonly<Record<string, number>>;
}

/**
 * Parses ONNX bytes into Keel's IR (see {@link loadOnnx}).
 * @example `const { graph } = parseOnnx(exportModel(g), 'copy', { dims: { T: 64 } });`
 */
export function parseOnnx(bytes: Uint8Array, file = '<bytes>', o: ParseOptions = {}): ImportedModel {
  let model: onnxProto.onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new DataError('ONNX_PARSE', `${file} is not a valid ONNX model (corrupt or truncated: ${(e as Error).message}); re-export it`, { file }, { cause: e });
  }
  const g = model.graph;
  if (!g || (g.node ?? []).length === 0) throw new DataError('ONNX_PARSE', `${file} contains no graph (corrupt, truncated or not an ONNX model)`, { file });
  const opset = defaultOpset(model, file);
  try {
    const graph = importGraph(g, opset, file, undefined, o.dims);
    graph.opset = opset;
    for (const p of model.metadataProps) if (p.key) graph.metadata.set(p.key, p.value ?? '');
    return { graph, opset, producer: model.producerName ?? '', bytes };
  } catch (e) {
    if (isKeelError(e)) throw e;
    throw new GraphError('ONNX_IMPORT', `${file}: ${(e as Error).message}`, { file }, { cause: e });
  }
}

function defaultOpset(model: onnxProto.onnx.ModelProto, file: string): number {
  const entry = model.opsetImport.find((o) => !o.domain || o.domain === 'ai.onnx');
  const v = toNum(entry?.version);
  if (v < MIN_OPSET || v > MAX_OPSET) {
    // Name the first node: with several models in play it says which file and graph is meant.
    const first = model.graph?.node?.[0];
    const node = first ? `${first.opType ?? ''} node "${first.name ?? ''}"` : 'no node';
    throw new GraphError(
      'ONNX_OPSET',
      `${file} uses opset ${v} (first ${node}); Keel imports opsets ${MIN_OPSET}–${MAX_OPSET} (older ones are upgraded to opset-13 signatures on import; re-export with opset_version=${v > MAX_OPSET ? MAX_OPSET : 17})`,
      { file, opset: v, node: first?.name ?? '' },
    );
  }
  return v;
}


function importGraph(gp: onnxProto.onnx.IGraphProto, opset: number, file: string, parent?: { graph: Graph; scope: Map<string, Value> }, dims: Readonly<Record<string, number>> = {}): Graph {
  const graph = new Graph(gp.name ?? 'model', parent?.graph ?? null);
  const b = new Builder(graph);
  const scope = new Map<string, Value>(parent?.scope ?? []);
  let unnamed = 0;
  const fresh = (): string => `dim_${++unnamed}`;
  for (const t of gp.initializer ?? []) scope.set(t.name ?? '', graph.addInitializer(t.name ?? `init_${scope.size}`, tensorFromProto(t, file)));
  for (const vi of gp.input ?? []) {
    const name = vi.name ?? '';
    if (!parent && scope.has(name)) continue; // old exporters list initializers as inputs too
    const dtype = dtypeFromOnnx(vi.type?.tensorType?.elemType ?? 0);
    if (!dtype) throw new GraphError('ONNX_DTYPE', `${file}: input "${name}" has an element type Keel does not support`, { file, input: name });
    scope.set(name, graph.addInput(name, { dtype, shape: dimsOf(vi, fresh).map((d) => (typeof d === 'string' && Object.hasOwn(dims, d) ? dims[d]! : d)) }));
  }
  for (const np of gp.node ?? []) {
    const op = np.opType ?? '';
    const domain = np.domain && np.domain !== 'ai.onnx' ? np.domain : undefined;
    // Another domain's op (onnxruntime's com.microsoft) is read only where Keel has it under that domain.
    const own = hasPrimitive(op) ? getPrimitive(op).domain?.name : undefined;
    if (domain !== own) {
      const where = domain ? 'outside the standard ONNX domain' : `not a standard ONNX op (Keel knows ${own ?? ''}.${op})`;
      throw new GraphError('UNSUPPORTED_OP', `${file}: node "${np.name ?? ''}" uses op ${domain ?? 'ai.onnx'}.${op}, ${where} (opset ${opset})`, { op, node: np.name, opset, domain: domain ?? 'ai.onnx' });
    }
    const prim = getComposite(op) ? null : getPrimitive(op, { node: np.name ?? '', opset });
    const copied = untiedWeight(graph, op, np, scope);
    if (copied) {
      scope.set(copied.name, copied);
      continue;
    }
    const inputs = (np.input ?? []).map((n) => {
      if (n === '') return null;
      const v = scope.get(n);
      if (!v) throw new GraphError('ONNX_DANGLING', `${file}: node "${np.name ?? ''}" (${op}) reads "${n}", which nothing produces`, { node: np.name, input: n });
      return v;
    });
    const attrs: Record<string, AttrValue> = {};
    for (const a of np.attribute ?? []) {
      if (prim && !prim.attrs[a.name ?? ''] && !(opset < 13 && LEGACY_ATTRIBUTES.has(a.name ?? ''))) {
        throw new GraphError('UNSUPPORTED_ATTRIBUTE', `${file}: node "${np.name ?? ''}" (${op}) has attribute "${a.name ?? ''}", which Keel's ${op} does not support (opset ${opset})`, { op, node: np.name, attribute: a.name });
      }
      attrs[a.name ?? ''] = attrValue(a, opset, file, { graph, scope });
    }
    const outNames = np.output ?? [];
    const up = upgradeNode(b, op, inputs, attrs, opset, np.name ?? op);
    const declared = prim && up.op === op && typeof prim.outputs === 'number' ? prim.outputs : 1;
    const outs = b.op(up.op, up.inputs, up.attrs, { name: np.name || op, outputs: Math.max(outNames.length, declared), outputNames: outNames.map((n, i) => n || `${np.name ?? op}_unused${i}`) });
    outNames.forEach((n, i) => {
      if (n) scope.set(n, outs[i]!);
    });
  }
  const outputs = (gp.output ?? []).map((vi) => {
    const v = scope.get(vi.name ?? '');
    if (!v) throw new GraphError('ONNX_DANGLING', `${file}: graph output "${vi.name ?? ''}" is never produced`, { output: vi.name });
    return v;
  });
  // Keep the file's output names even where a composite or an upgrade produced the value.
  graph.setOutputs(...outputs.map((v, i) => {
    const want = gp.output?.[i]?.name ?? v.name;
    return v.name === want || v.kind !== 'node' ? v : b.op1('Identity', [v], {}, { outputNames: [want] });
  }));
  return graph;
}

/**
 * torch.onnx.export merges parameters with equal values (fresh LayerNorm weights, zero biases) into
 * one initializer read through `Identity` nodes named after the other parameters. Those stay
 * separate weights here, as in the model that was exported, so fine-tuning updates each on its own.
 */
function untiedWeight(graph: Graph, op: string, np: onnxProto.onnx.INodeProto, scope: Map<string, Value>): Value | undefined {
  const src = op === 'Identity' && !graph.parent ? scope.get(np.input?.[0] ?? '') : undefined;
  const out = np.output?.[0];
  if (!src?.known || src.kind !== 'initializer' || !out || scope.has(out)) return undefined;
  const k = src.known;
  return graph.addInitializer(out, { dtype: k.dtype, shape: [...k.shape], data: k.data.slice() });
}

function attrValue(a: onnxProto.onnx.IAttributeProto, opset: number, file: string, parent: { graph: Graph; scope: Map<string, Value> }): AttrValue {
  switch (a.type) {
    case AT.FLOAT:
      return a.f ?? 0;
    case AT.INT:
      return toNum(a.i);
    case AT.STRING:
      return new TextDecoder().decode(a.s ?? new Uint8Array());
    case AT.TENSOR:
      return tensorFromProto(a.t ?? {}, file);
    case AT.GRAPH:
      return importGraph(a.g ?? {}, opset, file, parent);
    case AT.FLOATS:
      return [...(a.floats ?? [])];
    case AT.INTS:
      return (a.ints ?? []).map(toNum);
    case AT.STRINGS:
      return (a.strings ?? []).map((v) => new TextDecoder().decode(v));
    default:
      throw new GraphError('UNSUPPORTED_ATTRIBUTE', `${file}: attribute "${a.name ?? ''}" has ONNX attribute type ${a.type}, which Keel does not read`, { attribute: a.name });
  }
}
