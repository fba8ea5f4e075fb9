import { allocate, type HostTensor } from '../core/index.js';

/** Copies rows `idx` of `t` (rows = first axis) into a new tensor [idx.length, ...]. */
export function gatherRows(t: HostTensor, idx: ArrayLike<number>, start = 0, count = idx.length): HostTensor {
  const row = t.data.length / (t.shape[0] ?? 1);
  const out = allocate(t.dtype, count * row);
  for (let i = 0; i < count; i++) {
    const r = idx[start + i]!;
    (out as Float32Array).set((t.data as Float32Array).subarray(r * row, (r + 1) * row), i * row);
  }
  return { dtype: t.dtype, shape: [count, ...t.shape.slice(1)], data: out };
}

/** Reshapes [K·B, ...] rows into [K, B, ...] without copying. */
export function stack(t: HostTensor, k: number): HostTensor {
  const n = t.shape[0] ?? 0;
  return { dtype: t.dtype, shape: [k, n / k, ...t.shape.slice(1)], data: t.data };
}

/** A view of rows [start, start+count) without copying. */
export function rowSlice(t: HostTensor, start: number, count: number): HostTensor {
  const row = t.data.length / (t.shape[0] ?? 1);
  return { dtype: t.dtype, shape: [count, ...t.shape.slice(1)], data: t.data.subarray(start * row, (start + count) * row) };
}
