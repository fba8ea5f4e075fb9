import type { HostTensor } from '../core/index.js';

/** A float32 tensor, the element type every explainer computes in. */
export type F32 = HostTensor<'float32'>;

/** Number of rows (first axis) of a tensor. */
export function rowsOf(t: HostTensor): number {
  return t.shape[0] ?? 0;
}

/** Elements per row (product of all axes after the first). */
export function rowSize(t: HostTensor): number {
  let n = 1;
  for (const d of t.shape.slice(1)) n *= d;
  return n;
}

/** Any float tensor as float32 (copies only when it must convert). */
export function asF32(t: HostTensor): F32 {
  if (t.dtype === 'float32') return t as F32;
  return { dtype: 'float32', shape: [...t.shape], data: Float32Array.from(t.data as ArrayLike<number>, Number) };
}

/** A new float32 tensor of `shape` (zero-filled, or wrapping `data`). */
export function f32(shape: readonly number[], data?: Float32Array): F32 {
  let n = 1;
  for (const d of shape) n *= d;
  return { dtype: 'float32', shape: [...shape], data: data ?? new Float32Array(n) };
}

/** A view of rows [start, start + count) without copying. */
export function sliceRows(t: F32, start: number, count: number): F32 {
  const r = rowSize(t);
  return { dtype: 'float32', shape: [count, ...t.shape.slice(1)], data: t.data.subarray(start * r, (start + count) * r) };
}

/** Concatenates float32 tensors along the first axis. */
export function concatRows(parts: readonly F32[]): F32 {
  const first = parts[0];
  if (!first) return f32([0]);
  const total = parts.reduce((s, p) => s + p.data.length, 0);
  const data = new Float32Array(total);
  let off = 0;
  let rows = 0;
  for (const p of parts) {
    data.set(p.data, off);
    off += p.data.length;
    rows += rowsOf(p);
  }
  return f32([rows, ...first.shape.slice(1)], data);
}

/** Repeats the whole tensor `k` times along the first axis ([k·N, ...], copy-major). */
export function tileRows(t: F32, k: number): F32 {
  const data = new Float32Array(t.data.length * k);
  for (let i = 0; i < k; i++) data.set(t.data, i * t.data.length);
  return f32([rowsOf(t) * k, ...t.shape.slice(1)], data);
}

/** Runs `fn` over consecutive chunks of at most `chunk` rows and concatenates the results. */
export async function mapChunks(x: F32, chunk: number, fn: (part: F32) => Promise<F32>): Promise<F32> {
  const n = rowsOf(x);
  if (n <= chunk) return fn(x);
  const parts: F32[] = [];
  for (let s = 0; s < n; s += chunk) parts.push(await fn(sliceRows(x, s, Math.min(chunk, n - s))));
  return concatRows(parts);
}

/** Picks column `target[i]` of each row of [N, C] scores. */
export function pickTargets(scores: F32, target: Int32Array): Float64Array {
  const n = rowsOf(scores);
  const c = rowSize(scores);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = scores.data[i * c + target[i % target.length]!]!;
  return out;
}

/** Row sums of a tensor, in float64. */
export function rowSums(t: F32): Float64Array {
  const n = rowsOf(t);
  const r = rowSize(t);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < r; j++) s += t.data[i * r + j]!;
    out[i] = s;
  }
  return out;
}
