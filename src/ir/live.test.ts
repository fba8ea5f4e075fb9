import { describe, expect, it } from 'vitest';
import { Graph, Node, type Value } from './graph.js';
import { liveNodes, outerReads } from './live.js';

const f32 = { dtype: 'float32', shape: [2] } as const;

/** One node of `op` reading `inputs`, writing a fresh value; returns that value. */
function node(g: Graph, op: string, inputs: Value[], attrs: Node['attrs'] = {}): Value {
  const out = g.newValue(g.uniqueName(op.toLowerCase()), { ...f32, shape: [...f32.shape] }, 'node');
  g.addNode(new Node(op, inputs, [out], attrs, g.uniqueNodeName(op)));
  return out;
}

describe('liveNodes', () => {
  it('keeps, in graph order, the nodes a cut depends on, counting a subgraph\'s reads of outer values', () => {
    const g = new Graph('outer');
    const x = g.addInput('x', { ...f32, shape: [2] });
    const w = node(g, 'Relu', [x]); // read only inside the body below
    const unused = node(g, 'Neg', [x]);
    const body = new Graph('body', g);
    const i = body.addInput('i', { ...f32, shape: [2] });
    body.setOutputs(node(body, 'Add', [i, w]));
    const loop = node(g, 'Loop', [x], { body });
    const after = node(g, 'Exp', [loop]);
    g.setOutputs(after, unused);
    expect(outerReads(body)).toEqual([w]);
    expect(liveNodes(g, [loop]).map((n) => n.op)).toEqual(['Relu', 'Loop']);
    expect(liveNodes(g).map((n) => n.op)).toEqual(['Relu', 'Neg', 'Loop', 'Exp']);
  });
});
