import { allocate, type HostTensor } from '../core/index.js';
import type { Session } from '../runtime/index.js';
import { rowSlice } from './batches.js';

/**
 * Runs a one-input, one-output session over all rows of `x` in chunks, concatenating outputs.
 * @example `const logits = await predictBatched(session, x, 1024);`
 */
export async function predictBatched(session: Session, x: HostTensor, chunk = 1024): Promise<HostTensor> {
  const n = x.shape[0] ?? 0;
  const input = session.inputNames[0]!;
  const output = session.outputNames[0]!;
  const parts: HostTensor[] = [];
  for (let s = 0; s < n; s += chunk) {
    const out = await session.run({ [input]: rowSlice(x, s, Math.min(chunk, n - s)) }, [output]);
    parts.push(out[output]!);
  }
  if (parts.length === 1) return parts[0]!;
  const first = parts[0];
  if (!first) return { dtype: 'float32', shape: [0], data: new Float32Array(0) };
  const data = allocate(first.dtype, parts.reduce((p, t) => p + t.data.length, 0));
  let off = 0;
  for (const p of parts) {
    (data as Float32Array).set(p.data as Float32Array, off);
    off += p.data.length;
  }
  return { dtype: first.dtype, shape: [n, ...first.shape.slice(1)], data };
}

/** Index of the largest entry of each row of [N, C] scores. */
export function argmaxRows(scores: HostTensor): Int32Array {
  const n = scores.shape[0] ?? 0;
  const c = scores.data.length / Math.max(1, n);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < c; j++) if (Number(scores.data[i * c + j]) > Number(scores.data[i * c + best])) best = j;
    out[i] = best;
  }
  return out;
}

/** Fraction of rows whose argmax equals the label. */
export function accuracy(scores: HostTensor, labels: HostTensor): number {
  const pred = argmaxRows(scores);
  let ok = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === Number(labels.data[i])) ok++;
  return ok / Math.max(1, pred.length);
}
