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
    if (!body) throw new GraphError('GRAPH_ATTRIBUTE', `Loop node "${ctx.name}" needs a body graph`, { node: ctx.name });
    const carried = ctx.inputs.length - 2;
    const outs = body.outputs.slice(1);
    return outs.map((o, i) => (i < carried ? o.type : { dtype: o.dtype, shape: [ctx.freshDim('iter'), ...o.shape] }));
  },
  grad: null,
};

/**
 * ONNX Scan (opset 16): runs `body` once per slice of its scan inputs along axis 0, with N
 * carried states. Inputs: N initial states, then `num_scan_inputs` sequences; outputs: N final
 * states, then the per-step outputs stacked along a new leading axis (in the order the
 * directions say). Recurrent gradient rules use it for their time loops; it is not differentiated.
 */
const scan: Primitive = {
  op: 'Scan',
  attrs: {
    body: { kind: 'graph' },
    num_scan_inputs: { kind: 'int' },
    scan_input_directions: { kind: 'ints' },
    scan_output_directions: { kind: 'ints' },
    scan_input_axes: { kind: 'ints' },
    scan_output_axes: { kind: 'ints' },
  },
  outputs: (ctx) => (ctx.raw('body') as Graph | undefined)?.outputs.length ?? 0,
  infer: (ctx) => {
    const body = ctx.raw('body') as Graph | undefined;
    if (!body) throw new GraphError('GRAPH_ATTRIBUTE', `Scan node "${ctx.name}" needs a body graph`, { node: ctx.name });
    const m = ctx.int('num_scan_inputs');
    const n = ctx.inputs.length - m;
    if (n < 0 || body.inputs.length !== ctx.inputs.length) {
      throw new GraphError('GRAPH_ATTRIBUTE', `Scan node "${ctx.name}": body takes ${body.inputs.length} inputs, the node has ${ctx.inputs.length} (${m} scanned)`, { node: ctx.name });
    }
    const len = m > 0 ? ctx.input(n).shape[0]! : ctx.freshDim('scan');
    return body.outputs.map((o, i) => (i < n ? o.type : { dtype: o.dtype, shape: [len, ...o.shape] }));
  },
  grad: null,
};

registerPrimitives(loop, scan);
