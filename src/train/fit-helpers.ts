import { Rng, type HostTensor } from '../core/index.js';
import type { Graph } from '../ir/index.js';
import { predictBatched, Session } from '../runtime/index.js';

/** K stacked dropout masks for one host-fed noise input: 0 with probability `rate`, 1/(1−rate) otherwise. */
export function fillNoise(rng: Rng, k: number, b: number, shape: readonly (number | string)[], rate: number): HostTensor {
  const row = shape.slice(1).reduce<number>((p, d) => p * (typeof d === 'number' ? d : 1), 1);
  const data = new Float32Array(k * b * row);
  const keep = 1 / (1 - rate);
  for (let i = 0; i < data.length; i++) data[i] = rng.uniform() < rate ? 0 : keep;
  return { dtype: 'float32', shape: [k, b, ...shape.slice(1).map(Number)], data };
}

/** Runs an inference graph over several inputs with one session. */
export async function scoreSets(graph: Graph, xs: readonly HostTensor[]): Promise<HostTensor[]> {
  const session = await Session.create(graph);
  try {
    const out: HostTensor[] = [];
    for (const x of xs) out.push(await predictBatched(session, x));
    return out;
  } finally {
    await session.release();
  }
}
