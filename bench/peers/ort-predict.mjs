// The same job as `keel predict --data X.npy --out Y.npy`, written against onnxruntime-node
// directly: read a float32 .npy, run the model over it in batches, write the first output as .npy.
// Usage: node bench/peers/ort-predict.mjs MODEL.onnx X.npy OUT.npy BATCH THREADS
// Prints one JSON line with the in-process time (load + run + write).
import { readFileSync, writeFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';

const t0 = performance.now();
const [model, xFile, outFile, batchArg, threadsArg] = process.argv.slice(2);
const batch = Number(batchArg);
const buf = readFileSync(xFile);
const headerLen = buf.readUInt16LE(8);
const header = buf.subarray(10, 10 + headerLen).toString('latin1');
if (!header.includes("'<f4'")) throw new Error(`${xFile}: only little-endian float32 .npy here`);
const shape = header.match(/'shape': \(([^)]*)\)/)[1].split(',').map((s) => s.trim()).filter(Boolean).map(Number);
const x = new Float32Array(buf.buffer.slice(buf.byteOffset + 10 + headerLen, buf.byteOffset + buf.length));
const session = await ort.InferenceSession.create(model, { intraOpNumThreads: Number(threadsArg), interOpNumThreads: 1, graphOptimizationLevel: 'all', extra: { session: { intra_op: { allow_spinning: '0' } } } });
const row = x.length / shape[0];
const parts = [];
let outShape;
for (let s = 0; s < shape[0]; s += batch) {
  const n = Math.min(batch, shape[0] - s);
  const res = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', x.subarray(s * row, (s + n) * row), [n, ...shape.slice(1)]) });
  const y = res[session.outputNames[0]];
  outShape = y.dims;
  parts.push(y.data);
}
await session.release();
const total = parts.reduce((p, a) => p + a.length, 0);
const out = new Float32Array(total);
let off = 0;
for (const p of parts) { out.set(p, off); off += p.length; }
const dims = [shape[0], ...outShape.slice(1)];
let h = `{'descr': '<f4', 'fortran_order': False, 'shape': (${dims.join(', ')}${dims.length === 1 ? ',' : ''}), }`;
h += ' '.repeat(63 - ((h.length + 10) % 64)) + '\n';
const head = Buffer.alloc(10);
Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(head);
head.writeUInt16LE(h.length, 8);
writeFileSync(outFile, Buffer.concat([head, Buffer.from(h, 'latin1'), Buffer.from(out.buffer)]));
console.log(JSON.stringify({ engine: 'onnxruntime-node direct', ms: performance.now() - t0, rows: shape[0] }));
