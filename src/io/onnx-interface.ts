import { DataError } from '../core/index.js';

/** One graph input or output as an ONNX file declares it. */
export interface OnnxValueInfo {
  readonly name: string;
  /** ONNX `TensorProto.DataType` code (1 = float32); 0 when the file does not say. */
  readonly elemType: number;
  /** Fixed sizes, the file's symbolic names, or `dim_1`, `dim_2`… for unnamed dynamic dims. */
  readonly dims: readonly (number | string)[];
}

/** One attribute of a node: its name, ONNX `AttributeProto.AttributeType` code and, for an INT, its value. */
export interface OnnxAttributeInfo {
  readonly name: string;
  /** 1 FLOAT, 2 INT, 3 STRING, 4 TENSOR, 5 GRAPH, 6 FLOATS, 7 INTS, 8 STRINGS, others rarer; 0 when the file does not say. */
  readonly type: number;
  /** The value of an INT attribute (0 for other types). */
  readonly int: number;
}

/** One node of the graph or of a subgraph (a Loop, If or Scan body): what decides whether Keel can import it. */
export interface OnnxNodeInfo {
  readonly name: string;
  /** The node's operator domain; '' for the default ai.onnx domain. */
  readonly domain: string;
  readonly op: string;
  readonly attributes: readonly OnnxAttributeInfo[];
  /** Input names; '' marks an optional input left out. */
  readonly inputs: readonly string[];
}

/** What a forward pass needs to know about an ONNX file, read without decoding its weights. */
export interface OnnxInterface {
  readonly graphName: string;
  /** Graph inputs that are not initializers (the feeds a caller gives). */
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
  /** `metadata_props` (Keel records text, class and session settings here). */
  readonly metadata: ReadonlyMap<string, string>;
  /** Opset of the default (ai.onnx) domain; 0 when absent. */
  readonly opset: number;
  /** Node count per operator type in the main graph. */
  readonly opCounts: ReadonlyMap<string, number>;
  /** Every node, of the main graph and (after their parent) of its subgraphs, in file order. */
  readonly nodes: readonly OnnxNodeInfo[];
  /** Number of weight values (elements of the initializers). */
  readonly parameters: number;
}

/** A protobuf field: a varint's value, or a length-delimited field's bytes (a view). */
type Field = { readonly field: number; readonly int: number; readonly bytes: Uint8Array };

/** Reads the varint at `at.pos` as a signed 64-bit integer (ONNX's int64 fields; exact within ±2^53). */
function varint(buf: Uint8Array, at: { pos: number }): number {
  const start = at.pos;
  let v = 0;
  let scale = 1;
  for (;;) {
    if (at.pos >= buf.length) throw new RangeError('a varint runs past the end of the message');
    const b = buf[at.pos++]!;
    v += (b & 0x7f) * scale;
    // Up to 7 bytes (49 bits) the sum is exact; longer ones (negative int64s) go through BigInt.
    if (b < 0x80) return scale <= 2 ** 42 ? v : wideVarint(buf, start, at.pos);
    scale *= 128;
  }
}

function wideVarint(buf: Uint8Array, from: number, to: number): number {
  let v = 0n;
  for (let i = to - 1; i >= from; i--) v = (v << 7n) | BigInt(buf[i]! & 0x7f);
  return Number(BigInt.asIntN(64, v));
}

const EMPTY = new Uint8Array(0);

/** The fields of one protobuf message, in order (wire types 0, 1, 2 and 5; ONNX uses no groups). */
function* fields(buf: Uint8Array): Generator<Field> {
  const at = { pos: 0 };
  while (at.pos < buf.length) {
    const tag = varint(buf, at);
    const wire = tag % 8;
    const field = Math.floor(tag / 8);
    if (wire === 0) yield { field, int: varint(buf, at), bytes: EMPTY };
    else if (wire === 2) {
      const len = varint(buf, at);
      if (at.pos + len > buf.length) throw new RangeError(`field ${field} declares ${len} bytes but ${buf.length - at.pos} remain`);
      yield { field, int: 0, bytes: buf.subarray(at.pos, at.pos + len) };
      at.pos += len;
    } else if (wire === 1 || wire === 5) at.pos += wire === 1 ? 8 : 4;
    else throw new RangeError(`wire type ${wire} (field ${field}) is not protobuf 3`);
  }
}

const utf8 = new TextDecoder();
const str = (f: Field): string => utf8.decode(f.bytes);

/** A `repeated int64` field, packed (one length-delimited field) or not. */
function int64s(f: Field): number[] {
  if (f.bytes.length === 0) return [f.int];
  const at = { pos: 0 };
  const out: number[] = [];
  while (at.pos < f.bytes.length) out.push(varint(f.bytes, at));
  return out;
}

function valueInfo(msg: Uint8Array, fresh: () => string): OnnxValueInfo {
  let name = '';
  let elemType = 0;
  const dims: (number | string)[] = [];
  for (const f of fields(msg)) {
    if (f.field === 1) name = str(f);
    else if (f.field === 2) {
      for (const t of fields(f.bytes)) {
        if (t.field !== 1) continue; // tensor_type only
        for (const tt of fields(t.bytes)) {
          if (tt.field === 1) elemType = tt.int;
          else if (tt.field === 2) {
            for (const d of fields(tt.bytes)) {
              if (d.field !== 1) continue;
              let value = 0;
              let param = '';
              for (const x of fields(d.bytes)) {
                if (x.field === 1) value = x.int;
                else if (x.field === 2) param = str(x);
              }
              dims.push(param || (value > 0 ? value : fresh()));
            }
          }
        }
      }
    }
  }
  return { name, elemType, dims };
}

/** A NodeProto's summary; the nodes of its GRAPH/GRAPHS attributes go to `out` after it. */
function nodeInfo(msg: Uint8Array, out: OnnxNodeInfo[]): string {
  let name = '';
  let domain = '';
  let op = '';
  const attributes: OnnxAttributeInfo[] = [];
  const inputs: string[] = [];
  const bodies: Uint8Array[] = [];
  for (const f of fields(msg)) {
    if (f.field === 1) inputs.push(str(f));
    else if (f.field === 3) name = str(f);
    else if (f.field === 4) op = str(f);
    else if (f.field === 7) domain = str(f);
    else if (f.field === 5) {
      let attr = '';
      let type = 0;
      let int = 0;
      for (const a of fields(f.bytes)) {
        if (a.field === 1) attr = str(a);
        else if (a.field === 20) type = a.int;
        else if (a.field === 3) int = a.int;
        else if (a.field === 6 || a.field === 11) bodies.push(a.bytes);
      }
      attributes.push({ name: attr, type, int });
    }
  }
  out.push({ name, domain: domain === 'ai.onnx' ? '' : domain, op, attributes, inputs });
  for (const g of bodies) for (const n of fields(g)) if (n.field === 1) nodeInfo(n.bytes, out);
  return op;
}

/**
 * Reads an ONNX file's interface (inputs, outputs, metadata, opset, op counts, nodes, parameter count)
 * straight from its protobuf bytes, skipping over the weights: what running the file's own bytes
 * on onnxruntime needs, without loading onnx-proto or importing the graph. Typed `ONNX_PARSE`
 * error for bytes that are not an ONNX model.
 * @example `const { inputs, metadata } = readOnnxInterface(readFileSync('model.onnx'), 'model.onnx');`
 */
export function readOnnxInterface(bytes: Uint8Array, file = '<bytes>'): OnnxInterface {
  try {
    const metadata = new Map<string, string>();
    let opset = 0;
    let graph: Uint8Array | undefined;
    for (const f of fields(bytes)) {
      if (f.field === 7) graph = f.bytes;
      else if (f.field === 14) {
        const kv = [...fields(f.bytes)];
        const key = kv.find((x) => x.field === 1);
        const value = kv.find((x) => x.field === 2);
        metadata.set(key ? str(key) : '', value ? str(value) : '');
      } else if (f.field === 8) {
        const id = [...fields(f.bytes)];
        const domain = id.find((x) => x.field === 1);
        const domainName = domain ? str(domain) : '';
        if (domainName === '' || domainName === 'ai.onnx') opset = id.find((x) => x.field === 2)?.int ?? 0;
      }
    }
    if (!graph) throw new RangeError('no graph');
    let unnamed = 0;
    const fresh = (): string => `dim_${++unnamed}`;
    let graphName = '';
    const declared: OnnxValueInfo[] = [];
    const outputs: OnnxValueInfo[] = [];
    const weights = new Set<string>();
    const opCounts = new Map<string, number>();
    const nodes: OnnxNodeInfo[] = [];
    let parameters = 0;
    for (const f of fields(graph)) {
      if (f.field === 2) graphName = str(f);
      else if (f.field === 11) declared.push(valueInfo(f.bytes, fresh));
      else if (f.field === 12) outputs.push(valueInfo(f.bytes, fresh));
      else if (f.field === 1) {
        const type = nodeInfo(f.bytes, nodes);
        opCounts.set(type, (opCounts.get(type) ?? 0) + 1);
      } else if (f.field === 5) {
        let size = 1;
        for (const x of fields(f.bytes)) {
          if (x.field === 1) size *= int64s(x).reduce((p, d) => p * d, 1);
          else if (x.field === 8) weights.add(str(x));
        }
        parameters += size;
      }
    }
    return { graphName, inputs: declared.filter((v) => !weights.has(v.name)), outputs, metadata, opset, opCounts, nodes, parameters };
  } catch (e) {
    throw new DataError('ONNX_PARSE', `${file} is not a valid ONNX model (corrupt or truncated: ${(e as Error).message}); re-export it`, { file }, { cause: e });
  }
}
