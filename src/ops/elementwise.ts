import { GraphError, isFloat } from '../core/index.js';
import type { TensorType, Value } from '../ir/index.js';
import type { Builder } from './builder.js';
import { sumToShape } from './grad-utils.js';
import { foldIntBinary } from './known.js';
import type { AttrSpec, GradRule, InferContext, Known, Primitive } from './primitive.js';
import { registerPrimitives } from './registry.js';
import { matchScalarRank } from './scalar-rank.js';
import { broadcastShapes } from './shape-utils.js';

const same = (ctx: InferContext): TensorType[] => [ctx.input(0).type];

function unary(op: string, grad: GradRule | null, attrs: Record<string, AttrSpec> = {}): Primitive {
  return { op, attrs, infer: same, grad };
}

function floatOnly(ctx: InferContext): void {
  const t = ctx.input(0).dtype;
  if (!isFloat(t)) {
    throw new GraphError('GRAPH_DTYPE', `${ctx.op} node "${ctx.name}" needs a float input, got ${t}`, { op: ctx.op, dtype: t });
  }
}

function binaryInfer(ctx: InferContext): TensorType[] {
  const a = ctx.input(0);
  const b = ctx.input(1);
  if (a.dtype !== b.dtype) {
    throw new GraphError('GRAPH_DTYPE', `${ctx.op} node "${ctx.name}": operand types differ (${a.dtype} vs ${b.dtype}); insert a Cast`, { a: a.dtype, b: b.dtype });
  }
  return [{ dtype: a.dtype, shape: broadcastShapes(a.shape, b.shape, `${ctx.op} node "${ctx.name}"`) }];
}

/** Folds integer shape arithmetic at build time (see {@link foldIntBinary}). */
function intArith(ctx: InferContext): (Known | undefined)[] {
  const sym = foldIntBinary(ctx.op as 'Add' | 'Sub' | 'Mul' | 'Div', ctx.input(0), ctx.input(1), () => ctx.freshDim('dim'));
  return [sym ? { sym } : undefined];
}

/** Where(x > 0, dy, other): the shared form of piecewise activations. */
function positivePart(b: Builder, x: Value, dy: Value, other: Value): Value {
  return b.op1('Where', [b.op1('Greater', [x, b.scalar(0, x.dtype)]), dy, other]);
}

/** Piecewise-constant ops: zero gradient almost everywhere (as PyTorch). */
const zeroGrad: GradRule = (b, n) => [b.zerosLike(n.input(0))];

const exp = unary('Exp', (b, n, [dy]) => [b.mul(dy!, n.output())]);
exp.infer = (ctx) => (floatOnly(ctx), same(ctx));

registerPrimitives(
  unary('Identity', (_b, _n, [dy]) => [dy!]),
  unary('Neg', (b, _n, [dy]) => [b.neg(dy!)]),
  exp,
  unary('Log', (b, n, [dy]) => [b.div(dy!, n.input(0))]),
  unary('Sqrt', (b, n, [dy]) => [b.div(b.scale(dy!, 0.5), n.output())]),
  unary('Reciprocal', (b, n, [dy]) => [b.neg(b.mul(dy!, b.mul(n.output(), n.output())))]),
  unary('Abs', (b, n, [dy]) => [b.mul(dy!, b.op1('Sign', [n.input(0)]))]),
  unary('Relu', (b, n, [dy]) => [b.mul(dy!, b.mask(b.op1('Greater', [n.input(0), b.scalar(0, n.input(0).dtype)]), dy!.dtype))]),
  unary('LeakyRelu', (b, n, [dy]) => [positivePart(b, n.input(0), dy!, b.scale(dy!, Number(n.attrs['alpha'] ?? 0.01)))], {
    alpha: { kind: 'float', default: 0.01 },
  }),
  unary('Elu', (b, n, [dy]) => [positivePart(b, n.input(0), dy!, b.mul(dy!, b.add(n.output(), b.scalar(Number(n.attrs['alpha'] ?? 1), dy!.dtype))))], {
    alpha: { kind: 'float', default: 1 },
  }),
  unary(
    'Selu',
    (b, n, [dy]) => {
      const alpha = Number(n.attrs['alpha'] ?? 1.6732632423543772);
      const gamma = Number(n.attrs['gamma'] ?? 1.0507009873554805);
      return [positivePart(b, n.input(0), b.scale(dy!, gamma), b.mul(dy!, b.add(n.output(), b.scalar(alpha * gamma, dy!.dtype))))];
    },
    { alpha: { kind: 'float', default: 1.6732632423543772 }, gamma: { kind: 'float', default: 1.0507009873554805 } },
  ),
  unary('Sigmoid', (b, n, [dy]) => {
    const y = n.output();
    return [b.mul(dy!, b.mul(y, b.sub(b.scalar(1, y.dtype), y)))];
  }),
  unary('Tanh', (b, n, [dy]) => {
    const y = n.output();
    return [b.mul(dy!, b.sub(b.scalar(1, y.dtype), b.mul(y, y)))];
  }),
  unary('Softplus', (b, n, [dy]) => [b.mul(dy!, b.op1('Sigmoid', [n.input(0)]))]),
  unary('Erf', (b, n, [dy]) => {
    const x = n.input(0);
    const e = b.op1('Exp', [b.neg(b.mul(x, x))]);
    return [b.mul(dy!, b.scale(e, 2 / Math.sqrt(Math.PI)))];
  }),
  unary('Sign', zeroGrad),
  unary('Floor', zeroGrad),
  unary('Ceil', zeroGrad),
  unary('Round', zeroGrad),
  { op: 'Add', attrs: {}, infer: binaryInfer, propagate: intArith, canonicalize: matchScalarRank('Add'), grad: (b, n, [dy]) => [sumToShape(b, dy!, n.input(0)), sumToShape(b, dy!, n.input(1))] },
  // The subtrahend's gradient is negated after it is summed to its shape (exact either way: a
  // broadcast operand, e.g. BatchNorm's mean, then costs no pass over the full gradient).
  { op: 'Sub', attrs: {}, infer: binaryInfer, propagate: intArith, canonicalize: matchScalarRank('Sub'), grad: (b, n, [dy]) => [sumToShape(b, dy!, n.input(0)), b.neg(sumToShape(b, dy!, n.input(1)))] },
  {
    op: 'Mul',
    attrs: {},
    infer: binaryInfer,
    propagate: intArith,
    canonicalize: matchScalarRank('Mul'),
    grad: (b, n, [dy]) => {
      const [x, y] = [n.input(0), n.input(1)];
      // x·x: one product doubled (2a is exactly a + a) instead of two products and their sum.
      if (x === y) return [b.scale(b.mul(dy!, x), 2), null];
      return [sumToShape(b, b.mul(dy!, y), x), sumToShape(b, b.mul(dy!, x), y)];
    },
  },
  {
    op: 'Div',
    attrs: {},
    infer: binaryInfer,
    propagate: intArith,
    canonicalize: matchScalarRank('Div'),
    grad: (b, n, [dy]) => {
      const bb = n.input(1);
      const da = b.div(dy!, bb);
      return [sumToShape(b, da, n.input(0)), sumToShape(b, b.neg(b.mul(da, n.output())), bb)];
    },
  },
  {
    op: 'Pow',
    attrs: {},
    canonicalize: matchScalarRank('Pow'),
    infer: (ctx) => [{ dtype: ctx.input(0).dtype, shape: broadcastShapes(ctx.input(0).shape, ctx.input(1).shape, `Pow node "${ctx.name}"`) }],
    grad: (b, n, [dy]) => {
      const a = n.input(0);
      const e = b.cast(n.input(1), a.dtype);
      const da = b.mul(dy!, b.mul(e, b.op1('Pow', [a, b.sub(e, b.scalar(1, a.dtype))])));
      const de = b.mul(dy!, b.mul(n.output(), b.op1('Log', [a])));
      return [sumToShape(b, da, a), n.input(1).dtype === a.dtype ? sumToShape(b, de, n.input(1)) : null];
    },
  },
);
