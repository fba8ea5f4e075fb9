import { GraphError } from '../core/index.js';
import type { TensorType } from '../ir/index.js';
import { sumToShape } from './grad-utils.js';
import type { InferContext, Primitive } from './primitive.js';
import { registerPrimitives } from './registry.js';
import { matchScalarRank } from './scalar-rank.js';
import { broadcastShapes } from './shape-utils.js';

function predicate(op: string): Primitive {
  return {
    op,
    attrs: {},
    canonicalize: matchScalarRank(op),
    infer: (ctx): TensorType[] => [{ dtype: 'bool', shape: broadcastShapes(ctx.input(0).shape, ctx.input(1).shape, `${op} node "${ctx.name}"`) }],
    grad: null,
  };
}

function whereInfer(ctx: InferContext): TensorType[] {
  const [c, x, y] = [ctx.input(0), ctx.input(1), ctx.input(2)];
  if (c.dtype !== 'bool') throw new GraphError('GRAPH_DTYPE', `Where node "${ctx.name}": condition must be bool, got ${c.dtype}`, { node: ctx.name, actual: c.dtype });
  const s = broadcastShapes(broadcastShapes(c.shape, x.shape, `Where "${ctx.name}"`), y.shape, `Where "${ctx.name}"`);
  return [{ dtype: x.dtype, shape: s }];
}

registerPrimitives(
  predicate('Greater'),
  predicate('Less'),
  predicate('GreaterOrEqual'),
  predicate('LessOrEqual'),
  predicate('Equal'),
  predicate('And'),
  predicate('Or'),
  { op: 'Not', attrs: {}, infer: (ctx) => [ctx.input(0).type], grad: null },
  {
    op: 'Where',
    attrs: {},
    infer: whereInfer,
    grad: (b, n, [dy]) => {
      const zero = b.scalar(0, dy!.dtype);
      const c = n.input(0);
      return [null, sumToShape(b, b.op1('Where', [c, dy!, zero]), n.input(1)), sumToShape(b, b.op1('Where', [c, zero, dy!]), n.input(2))];
    },
  },
  {
    op: 'Clip',
    attrs: {},
    infer: (ctx) => [ctx.input(0).type],
    // Gradient flows where the input was not clipped (bounds inclusive, as PyTorch's clamp).
    grad: (b, n, [dy]) => [b.mul(dy!, b.mask(b.op1('Equal', [n.input(0), n.output()]), dy!.dtype)), null, null],
  },
  {
    op: 'Max',
    attrs: {},
    canonicalize: matchScalarRank('Max'),
    infer: (ctx) => [{ dtype: ctx.input(0).dtype, shape: ctx.inputs.reduce((s, v) => broadcastShapes(s, v!.shape, `Max "${ctx.name}"`), ctx.input(0).shape) }],
    grad: (b, n, [dy]) => n.inputs.map((v) => sumToShape(b, b.mul(dy!, b.mask(b.op1('Equal', [v!, n.output()]), dy!.dtype)), v!)),
  },
  {
    op: 'Min',
    attrs: {},
    canonicalize: matchScalarRank('Min'),
    infer: (ctx) => [{ dtype: ctx.input(0).dtype, shape: ctx.inputs.reduce((s, v) => broadcastShapes(s, v!.shape, `Min "${ctx.name}"`), ctx.input(0).shape) }],
    grad: (b, n, [dy]) => n.inputs.map((v) => sumToShape(b, b.mul(dy!, b.mask(b.op1('Equal', [v!, n.output()]), dy!.dtype)), v!)),
  },
);
