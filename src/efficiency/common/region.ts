import { GraphError } from '../../core/index.js';
import { Graph, type Node, type Value } from '../../ir/index.js';
import { Builder } from '../../ops/index.js';

/** The value named `name` among a graph's inputs, initializers and node outputs. */
export function valueNamed(graph: Graph, name: string): Value | undefined {
  return graph.inputs.find((v) => v.name === name) ?? graph.nodes.flatMap((n) => n.outputs).find((v) => v.name === name);
}

/**
 * The part of `graph` that computes `to` from `from`, as a graph of its own with input `from`
 * (same name and type) and output `to`: every node between them, with the weights and constants
 * they read. A value on the way that is neither `from`, a weight nor computed from them is a
 * GRAPH_REGION error (the region has a second activation input).
 *
 * @example `const conv = extractRegion(model, 'pool1_out', 'relu2_out');`
 */
export function extractRegion(graph: Graph, from: string, to: string): Graph {
  const start = valueNamed(graph, from);
  const end = valueNamed(graph, to);
  if (!start || !end) throw new GraphError('GRAPH_REGION', `no value named "${start ? to : from}" in graph "${graph.name}"`, { from, to });
  const nodes = new Set<Node>();
  const stack: Value[] = [end];
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (v === start || v.kind === 'initializer') continue;
    const p = v.producer;
    if (!p || v.kind !== 'node') throw new GraphError('GRAPH_REGION', `the region from "${from}" to "${to}" also reads "${v.name}", which is not computed from "${from}"`, { from, to, value: v.name });
    if (nodes.has(p)) continue;
    nodes.add(p);
    for (const u of p.inputs) if (u) stack.push(u);
  }
  const region = new Graph(`${graph.name}:${from}..${to}`);
  const b = new Builder(region);
  const map = new Map<Value, Value>([[start, region.addInput(start.name, start.type)]]);
  const get = (v: Value): Value => {
    const m = map.get(v) ?? (v.known && v.kind === 'initializer' ? region.addInitializer(v.name, v.known) : undefined);
    if (!m) throw new GraphError('GRAPH_REGION', `region value "${v.name}" read before it was produced`, { value: v.name });
    map.set(v, m);
    return m;
  };
  for (const n of graph.nodes) {
    if (!nodes.has(n)) continue;
    const outs = b.op(n.op, n.inputs.map((v) => (v ? get(v) : null)), n.attrs, { name: n.name, outputs: n.outputs.length, outputNames: n.outputs.map((o) => o.name) });
    n.outputs.forEach((o, i) => map.set(o, outs[i]!));
  }
  region.setOutputs(get(end));
  return region;
}
