import { tensor, type HostTensor } from '../../core/index.js';
import type { Graph, Value } from '../../ir/index.js';
import { GraphRewriter } from '../common/graph-rewriter.js';
import { trainGraph, type TrainOptions } from '../common/train-graph.js';

/** A copy of `graph` with every masked weight multiplied by its mask (entries with mask 0 become 0). */
export function applyMasks(graph: Graph, masks: ReadonlyMap<Value, Uint8Array>, weights: ReadonlyMap<string, HostTensor> = new Map()): Graph {
  const rw = new GraphRewriter(graph);
  for (const v of graph.initializers) {
    const data = weights.get(v.name) ?? v.known!;
    const m = masks.get(v);
    if (!m && !weights.has(v.name)) continue;
    rw.weight(v, m ? tensor('float32', data.shape, Float32Array.from(data.data as Float32Array, (w, i) => (m[i] ? w : 0))) : data);
  }
  for (const n of rw.nodes) rw.copy(n);
  return rw.finish();
}

/**
 * Fine-tunes a pruned model with its masks held fixed: each masked weight W is read as W ⊙ M
 * (M a constant), so pruned entries get no gradient; the result has the masks baked in.
 *
 * @example `const tuned = await fineTuneMasked(pruned, masks, x, y, { epochs: 2, lr: 1e-3 });`
 */
export async function fineTuneMasked(graph: Graph, masks: ReadonlyMap<Value, Uint8Array>, x: HostTensor, y: HostTensor, o: TrainOptions): Promise<Graph> {
  const rw = new GraphRewriter(graph);
  for (const n of rw.nodes) {
    const ins = n.inputs.map((v) => {
      if (!v) return null;
      const m = masks.get(v);
      if (!m) return rw.get(v);
      // A Constant node, not an initializer: it is never trained and inlines into the training loop.
      const mask = rw.b.constant(tensor('float32', v.shape as number[], m), `${v.name}_mask`);
      return rw.b.mul(rw.get(v), mask);
    });
    rw.copy(n, ins);
  }
  const masked = rw.finish();
  await trainGraph(masked, x, y, o);
  const trained = new Map(masked.initializers.map((v) => [v.name, v.known!]));
  return applyMasks(graph, masks, trained);
}
