import { liveNodes, type Graph, type Node, type Value } from '../ir/index.js';
import type { Builder } from './builder.js';

/** Emits a replacement for one source node (its inputs already mapped), or undefined to copy it as is. */
export type NodeLowering = (b: Builder, node: Node, inputs: readonly (Value | null)[]) => Value[] | undefined;

/**
 * Re-emits the live part of `src` into the builder's graph, substituting `bind` for source values
 * (inputs, weights, or inner values: a node whose outputs are all bound is replaced, not emitted). Unbound initializers are copied into the outermost graph, so an inlined
 * Loop body reads them from the enclosing scope. Returns the mapping from source values.
 *
 * With `outputs`, only the nodes those values depend on are emitted (cutting a graph at an inner value).
 * With `lower`, a node may be emitted as other nodes computing the same outputs (e.g. a training-only lowering).
 *
 * @example `const map = inlineGraph(b, model, new Map([[model.inputs[0]!, x]]));`
 */
export function inlineGraph(b: Builder, src: Graph, bind: ReadonlyMap<Value, Value>, outputs?: readonly Value[], lower?: NodeLowering): Map<Value, Value> {
  const live = outputs ? new Set(liveNodes(src, outputs)) : undefined;
  const map = new Map<Value, Value>(bind);
  let root = b.graph;
  while (root.parent) root = root.parent;
  const get = (v: Value): Value => {
    const m = map.get(v);
    if (m) return m;
    if (v.kind === 'initializer' && v.known) {
      const copy = root.addInitializer(v.name, v.known);
      map.set(v, copy);
      return copy;
    }
    return v; // a value of an enclosing scope
  };
  for (const n of src.nodes) {
    if (live && !live.has(n)) continue;
    if (n.outputs.length > 0 && n.outputs.every((o) => bind.has(o))) continue;
    const inputs = n.inputs.map((v) => (v ? get(v) : null));
    const outs = lower?.(b, n, inputs) ?? b.op(n.op, inputs, n.attrs, { name: n.name, outputs: n.outputs.length, outputNames: n.outputs.map((o) => o.name) });
    n.outputs.forEach((o, i) => map.set(o, outs[i]!));
  }
  for (const v of outputs ?? src.outputs) get(v);
  return map;
}
