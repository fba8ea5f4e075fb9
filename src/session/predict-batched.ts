import { allocate, type HostTensor } from '../core/index.js';
import type { Session } from './session.js';

/**
 * Runs a one-input, one-output session over all rows of `x` in chunks (views of `x`, no copies),
 * concatenating outputs. It lives beside {@link Session} so that prediction loads no training code.
 * @example `const logits = await predictBatched(session, x, 1024);`
 */
export async function predictBatched(session: Session, x: HostTensor, chunk = 1024): Promise<HostTensor> {
  const n = x.shape[0] ?? 0;
  const parts = await session.runBatched(x, chunk);
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

