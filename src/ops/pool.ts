import { GraphError, tensor } from '../core/index.js';
import type { Dim, Node, TensorType } from '../ir/index.js';
import type { Builder } from './builder.js';
import { geometryAttrs, nodeAttrReader, windowGeometry, windowOutput, type WindowGeometry } from './conv-geometry.js';
import { symOf } from './known.js';
import type { InferContext, Primitive } from './primitive.js';
import { registerPrimitives } from './registry.js';

const poolAttrs = {
  auto_pad: { kind: 'string' as const, default: 'NOTSET' },
  ceil_mode: { kind: 'int' as const, default: 0 },
  kernel_shape: { kind: 'ints' as const },
  pads: { kind: 'ints' as const },
  strides: { kind: 'ints' as const },
};

function kernelAttr(ctx: Pick<InferContext, 'ints' | 'name' | 'op'>): number[] {
  const k = ctx.ints('kernel_shape');
  if (!k) throw new GraphError('GRAPH_ATTRIBUTE', `${ctx.op} node "${ctx.name}" needs kernel_shape`, { op: ctx.op, node: ctx.name });
  return [...k];
}

function poolInfer(ctx: InferContext): TensorType[] {
  const x = ctx.input(0);
  const g = windowGeometry(ctx, x.shape.slice(2), kernelAttr(ctx));
  const shape = [x.shape[0]!, x.shape[1]!, ...windowOutput(g, x.shape.slice(2), ctx.int('ceil_mode') === 1, (h) => ctx.freshDim(h))];
  return [
    { dtype: x.dtype, shape },
    { dtype: 'int64', shape },
  ];
}

function poolGeometry(n: Node): WindowGeometry {
  const reader = nodeAttrReader(n);
  return windowGeometry(reader, n.input(0).shape.slice(2), kernelAttr(reader));
}

function staticSpatial(n: Node): number[] {
  const sp = n.input(0).shape.slice(2);
  if (!sp.every((d): d is number => typeof d === 'number')) throw new GraphError('GRAD_UNSUPPORTED', `${n.op} node "${n.name}": gradient needs static spatial sizes`, { op: n.op, node: n.name });
  return sp;
}

/** Output padding for the ConvTranspose that scatters window gradients back onto the input. */
function backPadding(n: Node, g: WindowGeometry, out: readonly Dim[]): number[] {
  const sp = staticSpatial(n);
  const r = sp.length;
  return sp.map((d, i) => d - (g.strides[i]! * ((out[i] as number) - 1) + g.kernel[i]! - g.pads[i]! - g.pads[i + r]!));
}

const maxPool: Primitive = {
  op: 'MaxPool',
  attrs: { ...poolAttrs, dilations: { kind: 'ints' }, storage_order: { kind: 'int', default: 0 } },
  outputs: 1,
  infer: poolInfer,
  grad: (b, n, [dy]) => {
    const x = n.input(0);
    const g = poolGeometry(n);
    const [, idx] = b.op('MaxPool', [x], n.attrs, { outputs: 2 });
    const plain = g.kernel.every((k, i) => k === g.strides[i] && g.dilations[i] === 1) && g.pads.every((p) => p === 0) && Number(n.attrs['ceil_mode'] ?? 0) === 0;
    if (plain) return [b.op1('MaxUnpool', [dy!, idx!, b.shapeOf(x)], { kernel_shape: g.kernel, strides: g.strides })];
    // Overlapping or padded windows: scatter-add every window's gradient to its argmax.
    const flat = b.reshape(b.zerosLike(x), [-1]);
    const summed = b.op1('ScatterElements', [flat, b.reshape(idx!, [-1]), b.reshape(dy!, [-1])], { axis: 0, reduction: 'add' });
    return [b.reshape(summed, b.shapeOf(x))];
  },
};

function onesKernel(b: Builder, channels: number, kernel: readonly number[], dtype: TensorType['dtype']): ReturnType<Builder['op1']> {
  return b.op1('ConstantOfShape', [b.ints([channels, 1, ...kernel])], { value: tensor(dtype, [1], [1]) });
}

const averagePool: Primitive = {
  op: 'AveragePool',
  attrs: { ...poolAttrs, count_include_pad: { kind: 'int', default: 0 } },
  infer: (ctx) => poolInfer(ctx).slice(0, 1),
  grad: (b, n, [dy]) => {
    const x = n.input(0);
    const g = poolGeometry(n);
    const c = x.shape[1];
    if (typeof c !== 'number') throw new GraphError('GRAD_UNSUPPORTED', `AveragePool node "${n.name}": gradient needs a static channel count`, { node: n.name });
    const sp = staticSpatial(n);
    const kk = g.kernel.reduce((p, q) => p * q, 1);
    let scaled = b.scale(dy!, 1 / kk);
    if (Number(n.attrs['count_include_pad'] ?? 0) === 0 && g.pads.some((p) => p !== 0)) {
      // Divisor per window = number of real (unpadded) input cells it covers.
      const ones = b.op1('ConstantOfShape', [b.ints([1, 1, ...sp])], { value: tensor(x.dtype, [1], [1]) });
      const count = b.op1('Conv', [ones, onesKernel(b, 1, g.kernel, x.dtype)], geometryAttrs({ ...g, dilations: g.dilations.map(() => 1) }));
      scaled = b.div(dy!, count);
    }
    const attrs = { ...geometryAttrs({ ...g, dilations: g.dilations.map(() => 1) }), group: c, output_padding: backPadding(n, g, dy!.shape.slice(2)) };
    return [b.op1('ConvTranspose', [scaled, onesKernel(b, c, g.kernel, x.dtype)], attrs)];
  },
};

const globalAveragePool: Primitive = {
  op: 'GlobalAveragePool',
  attrs: {},
  infer: (ctx) => {
    const x = ctx.input(0);
    return [{ dtype: x.dtype, shape: [x.shape[0]!, x.shape[1]!, ...x.shape.slice(2).map(() => 1)] }];
  },
  grad: (b, n, [dy]) => {
    const x = n.input(0);
    const sp = x.shape.slice(2);
    const count = sp.every((d): d is number => typeof d === 'number')
      ? b.scalar(sp.reduce((p, q) => p * q, 1), x.dtype)
      : b.cast(b.op1('ReduceProd', [b.op1('Shape', [x], { start: 2 })], { keepdims: 0 }), x.dtype);
    return [b.div(b.expand(dy!, b.shapeOf(x)), count)];
  },
};

const globalMaxPool: Primitive = {
  op: 'GlobalMaxPool',
  attrs: {},
  infer: (ctx) => globalAveragePool.infer(ctx),
  grad: (b, n, [dy]) => {
    const x = n.input(0);
    const m = b.mask(b.op1('Equal', [x, b.expand(n.output(), b.shapeOf(x))]), x.dtype);
    const axes = Array.from({ length: x.rank - 2 }, (_, i) => i + 2);
    const ties = b.reduceSum(m, axes, true);
    return [b.mul(m, b.div(b.expand(dy!, b.shapeOf(x)), ties))];
  },
};

const maxUnpool: Primitive = {
  op: 'MaxUnpool',
  attrs: { kernel_shape: { kind: 'ints' }, pads: { kind: 'ints' }, strides: { kind: 'ints' } },
  infer: (ctx) => {
    const x = ctx.input(0);
    const target = symOf(ctx.inputs[2]);
    if (target) return [{ dtype: x.dtype, shape: [...target] }];
    const k = kernelAttr(ctx);
    const s = ctx.ints('strides') ?? k.map(() => 1);
    const p = ctx.ints('pads') ?? [...k, ...k].map(() => 0);
    const sp = x.shape.slice(2).map((d, i) => (typeof d === 'number' ? (d - 1) * s[i]! + k[i]! - p[i]! - p[i + k.length]! : ctx.freshDim('unpool')));
    return [{ dtype: x.dtype, shape: [x.shape[0]!, x.shape[1]!, ...sp] }];
  },
  grad: null,
};

registerPrimitives(maxPool, averagePool, globalAveragePool, globalMaxPool, maxUnpool);
