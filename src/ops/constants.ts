import { GraphError, tensor, type HostTensor } from '../core/index.js';
import { dtypeFromOnnx, isStatic } from '../ir/index.js';
import { numbersOf, symOf } from './known.js';
import type { InferContext, Primitive } from './primitive.js';
import { registerPrimitives } from './registry.js';

function constantValue(ctx: InferContext): HostTensor {
  const v = ctx.raw('value');
  if (v !== undefined && typeof v === 'object' && 'dtype' in v) return v;
  const f = ctx.raw('value_float');
  if (typeof f === 'number') return tensor('float32', [], [f]);
  const i = ctx.raw('value_int');
  if (typeof i === 'number') return tensor('int64', [], [i]);
  const fs = ctx.raw('value_floats');
  if (Array.isArray(fs)) return tensor('float32', [fs.length], fs as number[]);
  const is = ctx.raw('value_ints');
  if (Array.isArray(is)) return tensor('int64', [is.length], is as number[]);
  throw new GraphError('GRAPH_ATTRIBUTE', `Constant node "${ctx.name}" has no supported value attribute`, { node: ctx.name });
}

const castP: Primitive = {
  op: 'Cast',
  // saturate (opset 19) only affects float8 targets, which Keel does not have.
  attrs: { to: { kind: 'int' }, saturate: { kind: 'int', default: 1 } },
  infer: (ctx) => {
    const to = dtypeFromOnnx(ctx.int('to'));
    if (!to) throw new GraphError('UNSUPPORTED_DTYPE', `Cast node "${ctx.name}": target type code ${ctx.int('to')} is not supported`, { code: ctx.int('to') });
    return [{ dtype: to, shape: ctx.input(0).shape }];
  },
  propagate: (ctx) => {
    const to = dtypeFromOnnx(ctx.int('to'));
    const s = symOf(ctx.inputs[0]);
    return [s && (to === 'int64' || to === 'int32') && ctx.input(0).rank <= 1 ? { sym: s } : undefined];
  },
  grad: (b, n, [dy]) => {
    const from = n.input(0).dtype;
    return [from === 'float32' || from === 'float64' ? b.cast(dy!, from) : null];
  },
};

registerPrimitives(
  castP,
  {
    op: 'Constant',
    attrs: {
      value: { kind: 'tensor' },
      value_float: { kind: 'float' },
      value_floats: { kind: 'floats' },
      value_int: { kind: 'int' },
      value_ints: { kind: 'ints' },
    },
    infer: (ctx) => {
      const t = constantValue(ctx);
      return [{ dtype: t.dtype, shape: t.shape }];
    },
    propagate: (ctx) => [{ known: constantValue(ctx) }],
    grad: () => [],
  },
  {
    op: 'Shape',
    attrs: { start: { kind: 'int', default: 0 }, end: { kind: 'int' } },
    infer: (ctx) => {
      const r = ctx.input(0).rank;
      const norm = (v: number): number => Math.min(Math.max(v < 0 ? v + r : v, 0), r);
      const start = norm(ctx.int('start'));
      const end = ctx.has('end') ? norm(ctx.int('end')) : r;
      return [{ dtype: 'int64', shape: [Math.max(0, end - start)] }];
    },
    propagate: (ctx) => {
      const x = ctx.input(0);
      const r = x.rank;
      const norm = (v: number): number => Math.min(Math.max(v < 0 ? v + r : v, 0), r);
      return [{ sym: x.shape.slice(norm(ctx.int('start')), ctx.has('end') ? norm(ctx.int('end')) : r) }];
    },
    grad: null,
  },
  {
    op: 'ConstantOfShape',
    attrs: { value: { kind: 'tensor' } },
    infer: (ctx) => {
      const v = ctx.raw('value');
      const dtype = v !== undefined && typeof v === 'object' && 'dtype' in v ? v.dtype : 'float32';
      const s = symOf(ctx.input(0));
      const len = ctx.input(0).shape[0];
      if (!s && typeof len !== 'number') throw new GraphError('GRAPH_DYNAMIC', `ConstantOfShape node "${ctx.name}": the output rank must be known`, { node: ctx.name });
      return [{ dtype, shape: s ? [...s] : Array.from({ length: len as number }, () => ctx.freshDim('fill')) }];
    },
    grad: null,
  },
  {
    op: 'Range',
    attrs: {},
    infer: (ctx) => {
      const [s, l, d] = [0, 1, 2].map((i) => numbersOf(ctx.input(i).known)?.[0]);
      const n = s !== undefined && l !== undefined && d !== undefined ? Math.max(0, Math.ceil((l - s) / d)) : ctx.freshDim('range');
      return [{ dtype: ctx.input(0).dtype, shape: [n] }];
    },
    propagate: (ctx) => {
      const [s, l, d] = [0, 1, 2].map((i) => numbersOf(ctx.input(i).known)?.[0]);
      if (s === undefined || l === undefined || d === undefined) return [undefined];
      const n = Math.max(0, Math.ceil((l - s) / d));
      return [{ known: tensor(ctx.input(0).dtype, [n], Array.from({ length: n }, (_, i) => s + i * d)) }];
    },
    grad: null,
  },
  {
    op: 'Size',
    attrs: {},
    infer: () => [{ dtype: 'int64', shape: [] }],
    propagate: (ctx) => {
      const s = ctx.input(0).shape;
      return [isStatic(s) ? { known: tensor('int64', [], [s.reduce((p, q) => p * q, 1)]) } : undefined];
    },
    grad: null,
  },
);

