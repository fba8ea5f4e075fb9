import { expect } from 'vitest';
import type { HostTensor } from '../../src/core/index.js';
import type { Graph } from '../../src/ir/index.js';
import { loadOnnx } from '../../src/onnx/index.js';

/** Largest element-wise |a − b|, after asserting the shapes are equal. */
export function maxAbsDiff(a: HostTensor, b: HostTensor): number {
  expect(a.shape).toEqual(b.shape);
  let m = 0;
  for (let i = 0; i < a.data.length; i++) m = Math.max(m, Math.abs(Number(a.data[i]) - Number(b.data[i])));
  return m;
}

function float32Bytes(t: HostTensor): Buffer {
  const d = t.data as Float32Array;
  return Buffer.from(d.buffer, d.byteOffset, d.byteLength);
}

/**
 * Asserts that a model cut before its last Gemm/MatMul and fine-tuned with the backbone frozen
 * kept every float32 backbone initializer byte for byte; returns the fine-tuned graph and how
 * many initializers were compared (so the caller can check the comparison was not empty).
 */
export async function expectBackboneUnchanged(originalOnnx: string, tunedOnnx: string): Promise<{ after: Graph; compared: number }> {
  const { graph: before } = await loadOnnx(originalOnnx);
  const { graph: after } = await loadOnnx(tunedOnnx);
  const trained = new Map(after.initializers.map((v) => [v.name, v.known!]));
  const head = before.nodes.filter((n) => n.op === 'Gemm' || n.op === 'MatMul').at(-1)!;
  const kept = before.initializers.filter((v) => v.dtype === 'float32' && !head.inputs.includes(v) && trained.has(v.name));
  for (const v of kept) expect(float32Bytes(trained.get(v.name)!).equals(float32Bytes(v.known!)), v.name).toBe(true);
  return { after, compared: kept.length };
}
