// Runs a Keel training graph (exported ONNX, one Loop of K steps per call) on onnxruntime-web (wasm) in Node.
// Usage: node ort-web-train.mjs GRAPH.onnx META.json. Prints one JSON line.
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';

const [graphPath, metaPath] = process.argv.slice(2);
const meta = JSON.parse(readFileSync(metaPath, 'utf8'));
ort.env.wasm.numThreads = 2;
const session = await ort.InferenceSession.create(readFileSync(graphPath), { executionProviders: ['wasm'] });
const { total, stateSize, k, batch, inputShape, calls } = meta;
let params = new Float32Array(total).map(() => (Math.random() - 0.5) * 0.05);
let state = Array.from({ length: stateSize }, () => new Float32Array(total));
const xs = new Float32Array(k * batch * inputShape.reduce((a, b) => a * b, 1)).map(() => Math.random());
const ys = BigInt64Array.from({ length: k * batch }, () => BigInt(Math.floor(Math.random() * 10)));
let stepCount = 0;
async function call() {
  const feeds = {
    params: new ort.Tensor('float32', params, [total]),
    step: new ort.Tensor('float32', new Float32Array([stepCount]), []),
    xs: new ort.Tensor('float32', xs, [k, batch, ...inputShape]),
    ys: new ort.Tensor('int64', ys, [k, batch]),
    lrs: new ort.Tensor('float32', new Float32Array(k).fill(1e-3), [k]),
  };
  state.forEach((s, i) => (feeds[`state${i}`] = new ort.Tensor('float32', s, [total])));
  const out = await session.run(feeds);
  params = out.params_out.data;
  state = state.map((_, i) => out[`state${i}_out`].data);
  stepCount += k;
}
await call();
const t0 = performance.now();
for (let i = 0; i < calls; i++) await call();
const ms = (performance.now() - t0) / (calls * k);
console.log(JSON.stringify({ engine: 'onnxruntime-web (wasm, Node)', ms_per_step: ms, samples_per_s: (batch * 1000) / ms }));
process.exit(0);
