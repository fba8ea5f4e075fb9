import { GraphError } from '../core/index.js';
import type { Dim, TensorType, Value } from '../ir/index.js';
import type { Builder } from './builder.js';
import { sumToShape } from './grad-utils.js';
import type { InferContext } from './primitive.js';
import { registerPrimitives } from './registry.js';
import { broadcastShapes } from './shape-utils.js';

function checkInner(ctx: InferContext, k1: Dim | undefined, k2: Dim | undefined): void {
  if (typeof k1 === 'number' && typeof k2 === 'number' && k1 !== k2) {
    throw new GraphError('SHAPE_MATMUL', `${ctx.op} node "${ctx.name}": inner dimensions differ (${k1} vs ${k2})`, { k1, k2 });
  }
}

function matmulInfer(ctx: InferContext): TensorType[] {
  const [a, b] = [ctx.input(0), ctx.input(1)];
  const as = a.rank === 1 ? [1, a.shape[0]!] : a.shape;
  const bs = b.rank === 1 ? [b.shape[0]!, 1] : b.shape;
  checkInner(ctx, as[as.length - 1], bs[bs.length - 2]);
  const batch = broadcastShapes(as.slice(0, -2), bs.slice(0, -2), `MatMul "${ctx.name}"`);
  const out: Dim[] = [...batch];
  if (a.rank !== 1) out.push(as[as.length - 2]!);
  if (b.rank !== 1) out.push(bs[bs.length - 1]!);
  return [{ dtype: a.dtype, shape: out }];
}

/** Swaps the last two axes. */
function mT(b: Builder, x: Value): Value {
  const perm = x.shape.map((_, i) => i);
  perm[x.rank - 1] = x.rank - 2;
  perm[x.rank - 2] = x.rank - 1;
  return b.transpose(x, perm);
}

/**
 * The gradient of a 2-D weight shared by every row of a batched `a` [..., M, K] (a linear layer
 * on a sequence): Σ over the batch of aᵀ·g is ONE GEMM of the flattened rows, [K, P]·[P, N],
 * instead of P/M small per-sample products [.., K, N] summed afterwards.
 */
function flatWeightGrad(b: Builder, a: Value, g: Value): Value {
  const rows = (v: Value): Value => b.op1('Flatten', [v], { axis: v.rank - 1 });
  return b.op1('MatMul', [b.transpose(rows(a), [1, 0]), rows(g)]);
}

registerPrimitives(
  {
    op: 'MatMul',
    attrs: {},
    infer: matmulInfer,
    grad: (b, n, [dy]) => {
      let [a, w] = [n.input(0), n.input(1)];
      let g = dy!;
      // Promote vectors to matrices so one rule covers every rank.
      if (a.rank === 1) {
        a = b.unsqueeze(a, [0]);
        g = b.unsqueeze(g, [g.rank - (w.rank === 1 ? 0 : 1)]);
      }
      if (w.rank === 1) {
        w = b.unsqueeze(w, [1]);
        g = b.unsqueeze(g, [g.rank]);
      }
      const da = sumToShape(b, b.op1('MatMul', [g, mT(b, w)]), a);
      const dw = w.rank === 2 && a.rank > 2 ? flatWeightGrad(b, a, g) : sumToShape(b, b.op1('MatMul', [mT(b, a), g]), w);
      return [
        n.input(0).rank === 1 ? b.reshape(da, b.shapeOf(n.input(0))) : da,
        n.input(1).rank === 1 ? b.reshape(dw, b.shapeOf(n.input(1))) : dw,
      ];
    },
  },
  {
    op: 'Gemm',
    attrs: {
      alpha: { kind: 'float', default: 1 },
      beta: { kind: 'float', default: 1 },
      transA: { kind: 'int', default: 0 },
      transB: { kind: 'int', default: 0 },
    },
    infer: (ctx) => {
      const [a, w] = [ctx.input(0), ctx.input(1)];
      if (a.rank !== 2 || w.rank !== 2) throw new GraphError('SHAPE_GEMM', `Gemm node "${ctx.name}" needs 2-D inputs, got ranks ${a.rank} and ${w.rank}`, { node: ctx.name, actual: [a.rank, w.rank] });
      const [m, ka] = ctx.int('transA') ? [a.shape[1]!, a.shape[0]!] : [a.shape[0]!, a.shape[1]!];
      const [kb, nn] = ctx.int('transB') ? [w.shape[1]!, w.shape[0]!] : [w.shape[0]!, w.shape[1]!];
      checkInner(ctx, ka, kb);
      return [{ dtype: a.dtype, shape: [m, nn] }];
    },
    grad: (b, n, [dy]) => {
      const [a, w] = [n.input(0), n.input(1)];
      const alpha = Number(n.attrs['alpha'] ?? 1);
      const beta = Number(n.attrs['beta'] ?? 1);
      const tA = Number(n.attrs['transA'] ?? 0) === 1;
      const tB = Number(n.attrs['transB'] ?? 0) === 1;
      const g = alpha === 1 ? dy! : b.scale(dy!, alpha);
      // dA' = g·B'ᵀ, dB' = A'ᵀ·g, expressed with Gemm's own transpose flags.
      const da = tA ? b.op1('Gemm', [w, g], { transA: tB ? 1 : 0, transB: 1 }) : b.op1('Gemm', [g, w], { transB: tB ? 0 : 1 });
      const dw = tB ? b.op1('Gemm', [g, a], { transA: 1, transB: tA ? 1 : 0 }) : b.op1('Gemm', [a, g], { transA: tA ? 0 : 1 });
      const c = n.inputs[2];
      const dc = c ? sumToShape(b, beta === 1 ? dy! : b.scale(dy!, beta), c) : null;
      return c ? [da, dw, dc] : [da, dw];
    },
  },
);
