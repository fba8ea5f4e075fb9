import { GraphError } from '../core/index.js';
import type { Graph } from '../ir/index.js';
import type { Primitive } from './primitive.js';
import { registerPrimitives } from './registry.js';

/**
 * ONNX Loop: runs its `body` subgraph `M` times with loop-carried state. Keel uses it to run
 * K training steps per session call; it is not differentiated.
 * Inputs: M (int64 scalar), cond (bool), carried v_initial...; outputs: final carried values then
 * scan outputs stacked along a new leading axis.
 */
const loop: Primitive = {
  op: 'Loop',
  attrs: { body: { kind: 'graph' } },
  outputs: (ctx) => {
    const body = ctx.raw('body') as Graph | undefined;
    return body ? body.outputs.length - 1 : 0;
  },
  infer: (ctx) => {
    const body = ctx.raw('body') as Graph | undefined;
    if (!body) throw new GraphError('GRAPH_ATTRIBUTE', `Loop node "${ctx.name}" needs a body graph`, {});
    const carried = ctx.inputs.length - 2;
    const outs = body.outputs.slice(1);
    return outs.map((o, i) => (i < carried ? o.type : { dtype: o.dtype, shape: [ctx.freshDim('iter'), ...o.shape] }));
  },
  grad: null,
};

registerPrimitives(loop);
