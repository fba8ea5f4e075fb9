import type { HostTensor } from '../../core/index.js';
import { Graph, liveNodes, type Node, type Value } from '../../ir/index.js';
import { Builder } from '../../ops/index.js';

/**
 * Copies a graph node by node into a fresh graph, letting a pass replace nodes, weights and
 * values on the way. Unreplaced initializers are copied on first use, inputs keep their names and
 * types, and {@link finish} keeps the source's output names.
 *
 * @example
 * ```ts
 * const rw = new GraphRewriter(src);
 * for (const n of rw.nodes) rw.copy(n);
 * const out = rw.finish();
 * ```
 */
export class GraphRewriter {
  readonly graph: Graph;
  readonly b: Builder;
  /** The source's live nodes in execution order. */
  readonly nodes: readonly Node[];
  private readonly map = new Map<Value, Value>();

  constructor(readonly src: Graph) {
    this.graph = new Graph(src.name);
    this.graph.opset = src.opset;
    this.b = new Builder(this.graph);
    for (const v of src.inputs) this.map.set(v, this.graph.addInput(v.name, v.type));
    this.nodes = liveNodes(src);
  }

  /** The new value standing for source value `v` (initializers are copied on first use). */
  get(v: Value): Value {
    const m = this.map.get(v);
    if (m) return m;
    if (v.kind === 'initializer' && v.known) return this.weight(v, v.known);
    throw new Error(`GraphRewriter: ${v.name} read before it was produced`);
  }

  /** Whether source value `v` has a counterpart yet. */
  has(v: Value): boolean {
    return this.map.has(v);
  }

  /** Makes `to` stand for source value `v` from now on. */
  set(v: Value, to: Value): void {
    this.map.set(v, to);
  }

  /** Copies source initializer `v` with new contents (same name). */
  weight(v: Value, data: HostTensor): Value {
    const w = this.graph.addInitializer(v.name, data);
    this.map.set(v, w);
    return w;
  }

  /** A new initializer under a fresh name derived from `name`. */
  constant(name: string, data: HostTensor): Value {
    return this.graph.addInitializer(this.graph.uniqueName(name), data);
  }

  /** Re-emits source node `n` (optionally with replacement inputs) and maps its outputs. */
  copy(n: Node, inputs?: readonly (Value | null)[]): Value[] {
    const ins = inputs ?? n.inputs.map((v) => (v ? this.get(v) : null));
    const outs = this.b.op(n.op, ins, n.attrs, { name: n.name, outputs: n.outputs.length, outputNames: n.outputs.map((o) => o.name) });
    n.outputs.forEach((o, i) => this.map.set(o, outs[i]!));
    return outs;
  }

  /** Sets the new graph's outputs to the counterparts of the source outputs, keeping their names. */
  finish(): Graph {
    const outs = this.src.outputs.map((v) => {
      const m = this.get(v);
      return m.name === v.name ? m : this.b.op1('Identity', [m], {}, { outputNames: [v.name] });
    });
    this.graph.setOutputs(...outs);
    return this.graph;
  }
}

/** Source nodes that read each value (live nodes only). */
export function consumers(nodes: readonly Node[]): Map<Value, Node[]> {
  const m = new Map<Value, Node[]>();
  for (const n of nodes) {
    for (const v of n.inputs) {
      if (!v) continue;
      const list = m.get(v) ?? [];
      if (!list.includes(n)) list.push(n);
      m.set(v, list);
    }
  }
  return m;
}
