import { Graph, type Node, type Value } from './graph.js';

/**
 * The nodes of `graph` that `values` (default: the graph's outputs) depend on, in the graph's
 * order; a subgraph's reads of outer values (a Loop body reading a weight) count as uses.
 * @example `liveNodes(model, [features]).length // nodes up to the cut`
 */
export function liveNodes(graph: Graph, values: readonly Value[] = graph.outputs): Node[] {
  const live = new Set<Value>(values);
  const keep: Node[] = [];
  for (let k = graph.nodes.length - 1; k >= 0; k--) {
    const n = graph.nodes[k]!;
    if (!n.outputs.some((o) => live.has(o))) continue;
    keep.push(n);
    for (const v of n.inputs) if (v) live.add(v);
    for (const a of Object.values(n.attrs)) if (a instanceof Graph) for (const v of outerReads(a)) live.add(v);
  }
  return keep.reverse();
}

/** Values of enclosing graphs that a subgraph reads. */
export function outerReads(g: Graph): Value[] {
  const own = new Set<Value>([...g.inputs, ...g.initializers]);
  for (const n of g.nodes) for (const o of n.outputs) own.add(o);
  const out: Value[] = [];
  for (const n of g.nodes) {
    for (const v of n.inputs) if (v && !own.has(v)) out.push(v);
    for (const a of Object.values(n.attrs)) if (a instanceof Graph) out.push(...outerReads(a).filter((v) => !own.has(v)));
  }
  for (const v of g.outputs) if (!own.has(v)) out.push(v);
  return out;
}
