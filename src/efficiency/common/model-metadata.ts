import type { SessionOptions } from '../../runtime/index.js';

/** ModelProto field 14: `repeated StringStringEntryProto metadata_props` (key = 1, value = 2). */
const METADATA_FIELD = 14;

/** metadata_props key under which Keel stores onnxruntime optimizers to disable (comma list). */
export const DISABLE_OPTIMIZERS_KEY = 'keel.session.disable_optimizers';

const varint = (n: number): number[] => {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
};

const lengthDelimited = (field: number, body: Uint8Array): Uint8Array => Uint8Array.from([...varint((field << 3) | 2), ...varint(body.length), ...body]);

/**
 * Appends `metadata_props` entries to serialized ONNX model bytes (protobuf lets a repeated field
 * follow the others, so the graph is untouched). Keel's exporter writes no metadata; use this on
 * its output.
 *
 * @example `const tagged = writeModelMetadata(exportModel(g), { [DISABLE_OPTIMIZERS_KEY]: 'QDQPropagationTransformer' });`
 */
export function writeModelMetadata(bytes: Uint8Array, entries: Readonly<Record<string, string>>): Uint8Array {
  const enc = new TextEncoder();
  const parts = Object.entries(entries).map(([k, v]) => lengthDelimited(METADATA_FIELD, Uint8Array.from([...lengthDelimited(1, enc.encode(k)), ...lengthDelimited(2, enc.encode(v))])));
  const out = new Uint8Array(bytes.length + parts.reduce((s, p) => s + p.length, 0));
  out.set(bytes);
  let at = bytes.length;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Reads the top-level fields of a protobuf message, calling `onField` for length-delimited ones. */
function scan(bytes: Uint8Array, onField: (field: number, body: Uint8Array) => void): void {
  let i = 0;
  const read = (): number => {
    let n = 0;
    let mul = 1;
    for (;;) {
      const b = bytes[i++];
      if (b === undefined) throw new RangeError('truncated varint');
      n += (b & 0x7f) * mul;
      if (b < 0x80) return n;
      mul *= 128;
    }
  };
  while (i < bytes.length) {
    const tag = read();
    const wire = tag & 7;
    if (wire === 0) read();
    else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else if (wire === 2) {
      const len = read();
      onField(Math.floor(tag / 8), bytes.subarray(i, i + len));
      i += len;
    } else return; // groups (3/4) are not used by ONNX
  }
}

/**
 * The `metadata_props` of serialized ONNX model bytes, as a key → value map.
 * @example `readModelMetadata(readFileSync('q.onnx')).get(DISABLE_OPTIMIZERS_KEY)`
 */
export function readModelMetadata(bytes: Uint8Array): Map<string, string> {
  const dec = new TextDecoder();
  const out = new Map<string, string>();
  scan(bytes, (field, body) => {
    if (field !== METADATA_FIELD) return;
    let key = '';
    let value = '';
    scan(body, (f, b) => {
      if (f === 1) key = dec.decode(b);
      else if (f === 2) value = dec.decode(b);
    });
    out.set(key, value);
  });
  return out;
}

/**
 * Session options a model file asks for in its metadata (today: optimizers to disable).
 * @example `const opts = sessionHints(readModelMetadata(bytes)); // { disableOptimizers: ['QDQPropagationTransformer'] }`
 */
export function sessionHints(metadata: ReadonlyMap<string, string>): SessionOptions {
  const names = (metadata.get(DISABLE_OPTIMIZERS_KEY) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return names.length > 0 ? { disableOptimizers: names } : {};
}
