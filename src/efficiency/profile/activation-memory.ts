import { liveNodes, type Graph, type Value } from '../../ir/index.js';
import { bytesPerSample } from './flop-counter.js';

/** Activation memory of one sample. */
export interface ActivationMemory {
  /** Sum of every intermediate tensor's bytes (what a training graph would keep for backward). */
  readonly totalBytes: number;
  /** Most bytes alive at once when nodes run in order and each tensor is freed after its last reader (inference). */
  readonly peakBytes: number;
}

/**
 * Activation memory per sample: graph inputs and node outputs (constants excluded), symbolic dims as 1.
 * @example `const { peakBytes } = activationMemory(graph);`
 */
export function activationMemory(graph: Graph): ActivationMemory {
  const nodes = liveNodes(graph).filter((n) => n.op !== 'Constant');
  const lastUse = new Map<Value, number>();
  nodes.forEach((n, i) => {
    for (const v of n.inputs) if (v) lastUse.set(v, i);
  });
  for (const v of graph.outputs) lastUse.set(v, nodes.length);
  let live = graph.inputs.reduce((s, v) => s + bytesPerSample(v), 0);
  let total = 0;
  let peak = live;
  const alive = new Set<Value>(graph.inputs);
  nodes.forEach((n, i) => {
    for (const o of n.outputs) {
      const b = bytesPerSample(o);
      total += b;
      live += b;
      alive.add(o);
    }
    peak = Math.max(peak, live);
    for (const v of [...alive]) {
      if ((lastUse.get(v) ?? -1) <= i) {
        live -= bytesPerSample(v);
        alive.delete(v);
      }
    }
  });
  return { totalBytes: total, peakBytes: peak };
}
