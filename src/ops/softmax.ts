import { normAxis } from './builder.js';
import type { Primitive } from './primitive.js';
import { registerPrimitives } from './registry.js';

function axisOf(n: { attrs: Readonly<Record<string, unknown>> }, rank: number): number {
  return normAxis(Number(n.attrs['axis'] ?? -1), rank, 'Softmax');
}

const softmax: Primitive = {
  op: 'Softmax',
  attrs: { axis: { kind: 'int', default: -1 } },
  infer: (ctx) => [ctx.input(0).type],
  // dx = y ⊙ (dy − Σ dy⊙y)
  grad: (b, n, [dy]) => {
    const y = n.output();
    const s = b.reduceSum(b.mul(dy!, y), [axisOf(n, y.rank)], true);
    return [b.mul(y, b.sub(dy!, s))];
  },
};

const logSoftmax: Primitive = {
  op: 'LogSoftmax',
  attrs: { axis: { kind: 'int', default: -1 } },
  infer: (ctx) => [ctx.input(0).type],
  // dx = dy − softmax(x) ⊙ Σ dy
  grad: (b, n, [dy]) => {
    const y = n.output();
    const s = b.reduceSum(dy!, [axisOf(n, y.rank)], true);
    return [b.sub(dy!, b.mul(b.op1('Exp', [y]), s))];
  },
};

registerPrimitives(softmax, logSoftmax);
