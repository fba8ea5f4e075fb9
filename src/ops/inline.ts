import { Graph, type Value } from '../ir/index.js';
import type { Builder } from './builder.js';

/**
 * Re-emits the live part of `src` into the builder's graph, substituting `bind` for source values
 * (inputs, weights). Unbound initializers are copied into the outermost graph, so an inlined
 * Loop body reads them from the enclosing scope. Returns the mapping from source values.
 *
 * @example `const map = inlineGraph(b, model, new Map([[model.inputs[0]!, x]]));`
 */
export function inlineGraph(b: Builder, src: Graph, bind: ReadonlyMap<Value, Value>): Map<Value, Value> {
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
    const outs = b.op(n.op, n.inputs.map((v) => (v ? get(v) : null)), n.attrs, { name: n.name, outputs: n.outputs.length, outputNames: n.outputs.map((o) => o.name) });
    n.outputs.forEach((o, i) => map.set(o, outs[i]!));
  }
  for (const v of src.outputs) get(v);
  return map;
}
