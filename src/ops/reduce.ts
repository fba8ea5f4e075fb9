import { GraphError } from '../core/index.js';
import type { Dim, Node, Value } from '../ir/index.js';
import { normAxis } from './builder.js';
import { countOf, expandBack } from './grad-utils.js';
import { intsOf } from './known.js';
import type { InferContext, Primitive } from './primitive.js';
import { registerPrimitives } from './registry.js';

/** ReduceSum takes axes as an input from opset 13; ReduceMean/Max as an attribute until opset 18. Both are accepted. */
function axesOf(inputs: readonly (Value | null)[], attrs: Readonly<Record<string, unknown>>, rank: number, name: string): number[] {
  const fromInput = inputs[1] ? intsOf(inputs[1]) : undefined;
  if (inputs[1] && !fromInput) throw new GraphError('GRAPH_DYNAMIC', `reduction "${name}": axes must be known when building`, { node: name });
  const raw = fromInput ?? (attrs['axes'] as readonly number[] | undefined);
  if (!raw || raw.length === 0) return Number(attrs['noop_with_empty_axes'] ?? 0) ? [] : Array.from({ length: rank }, (_, i) => i);
  return raw.map((a) => normAxis(a, rank, name)).sort((p, q) => p - q);
}

function reduceInfer(ctx: InferContext): ReturnType<Primitive['infer']> {
  const x = ctx.input(0);
  const axes = new Set(axesOf(ctx.inputs, { axes: ctx.ints('axes'), noop_with_empty_axes: ctx.int('noop_with_empty_axes') }, x.rank, ctx.name));
  const keep = ctx.int('keepdims') === 1;
  const shape: Dim[] = [];
  x.shape.forEach((d, i) => {
    if (!axes.has(i)) shape.push(d);
    else if (keep) shape.push(1);
  });
  return [{ dtype: x.dtype, shape }];
}

const attrs = {
  axes: { kind: 'ints' as const },
  keepdims: { kind: 'int' as const, default: 1 },
  noop_with_empty_axes: { kind: 'int' as const, default: 0 },
};

function nodeAxes(n: Node): { axes: number[]; keep: boolean } {
  return { axes: axesOf(n.inputs, n.attrs, n.input(0).rank, n.name), keep: Number(n.attrs['keepdims'] ?? 1) === 1 };
}

registerPrimitives(
  {
    op: 'ReduceSum',
    attrs,
    infer: reduceInfer,
    grad: (b, n, [dy]) => {
      const { axes, keep } = nodeAxes(n);
      return [expandBack(b, dy!, n.input(0), axes, keep), null];
    },
  },
  {
    op: 'ReduceMean',
    attrs,
    infer: reduceInfer,
    grad: (b, n, [dy]) => {
      const { axes, keep } = nodeAxes(n);
      const x = n.input(0);
      // Divided before it is broadcast back: the same values, one pass over the reduced tensor, not x.
      return [expandBack(b, b.div(dy!, countOf(b, x, axes)), x, axes, keep), null];
    },
  },
  {
    op: 'ReduceMax',
    attrs,
    infer: reduceInfer,
    // Ties share the gradient equally, as PyTorch's amax does.
    grad: (b, n, [dy]) => {
      const { axes, keep } = nodeAxes(n);
      const x = n.input(0);
      const yb = expandBack(b, n.output(), x, axes, keep);
      const m = b.mask(b.op1('Equal', [x, yb]), x.dtype);
      const ties = expandBack(b, b.reduceSum(m, axes, keep), x, axes, keep);
      return [b.div(b.mul(m, expandBack(b, dy!, x, axes, keep)), ties), null];
    },
  },
  {
    op: 'ReduceSumSquare',
    attrs,
    infer: reduceInfer,
    grad: (b, n, [dy]) => {
      const { axes, keep } = nodeAxes(n);
      const x = n.input(0);
      return [b.mul(expandBack(b, dy!, x, axes, keep), b.scale(x, 2)), null];
    },
  },
  { op: 'ReduceProd', attrs, infer: reduceInfer, grad: null },
  {
    op: 'ArgMax',
    attrs: { axis: { kind: 'int', default: 0 }, keepdims: { kind: 'int', default: 1 }, select_last_index: { kind: 'int', default: 0 } },
    infer: (ctx) => {
      const x = ctx.input(0);
      const a = normAxis(ctx.int('axis'), x.rank, 'ArgMax');
      const shape = x.shape.flatMap((d, i) => (i === a ? (ctx.int('keepdims') ? [1] : []) : [d]));
      return [{ dtype: 'int64', shape }];
    },
    grad: null,
  },
);
