import type { Primitive } from './primitive.js';
import { registerPrimitives } from './registry.js';

/**
 * ONNX Trilu: keeps the upper (`upper=1`) or lower triangle of the last two axes, shifted by the
 * optional diagonal offset `k` (known or computed at run time). Exporters emit it for causal
 * attention masks (`torch.triu`). Its gradient is the same mask applied to dy.
 */
const trilu: Primitive = {
  op: 'Trilu',
  attrs: { upper: { kind: 'int', default: 1 } },
  since: 14,
  infer: (ctx) => [ctx.input(0).type],
  grad: (b, n, [dy]) => [b.op1('Trilu', n.inputs[1] ? [dy!, n.input(1)] : [dy!], n.attrs), null],
};

registerPrimitives(trilu);
