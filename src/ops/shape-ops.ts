import { GraphError, tensor } from '../core/index.js';
import { fmtShape, isStatic, type Dim, type Value } from '../ir/index.js';
import { normAxis } from './builder.js';
import { sumToShape } from './grad-utils.js';
import { intsOf, symOf } from './known.js';
import type { InferContext, Known } from './primitive.js';
import { registerPrimitives } from './registry.js';
import { broadcastShapes, mulDim, staticSize } from './shape-utils.js';

import { INT64_MAX } from './slice.js';

/** Reshape back to the input's runtime shape: the gradient of every pure re-layout op. */
const reshapeBack = (b: import('./builder.js').Builder, x: Value, dy: Value): Value => b.reshape(dy, b.shapeOf(x));

function reshapeTarget(ctx: InferContext, x: Value, target: readonly Dim[]): Dim[] {
  const out = target.map((d, i) => (d === 0 && ctx.int('allowzero') === 0 ? (x.shape[i] ?? 0) : d));
  const minus = out.indexOf(-1);
  if (minus >= 0) {
    const rest = out.filter((_, i) => i !== minus);
    const restStatic = rest.filter((d): d is number => typeof d === 'number').reduce((p, q) => p * q, 1);
    const inStatic = x.shape.filter((d): d is number => typeof d === 'number').reduce((p, q) => p * q, 1);
    const inSym = x.shape.filter((d) => typeof d === 'string').sort();
    const restSym = rest.filter((d) => typeof d === 'string').sort();
    if (inSym.join() === restSym.join() && inStatic % restStatic === 0) out[minus] = inStatic / restStatic;
    else out[minus] = ctx.freshDim('reshape');
  }
  const sIn = staticSize(x.shape);
  const sOut = staticSize(out);
  if (sIn !== undefined && sOut !== undefined && sIn !== sOut) {
    throw new GraphError('SHAPE_RESHAPE', `Reshape node "${ctx.name}": cannot reshape ${fmtShape(x.shape)} (${sIn} elements) to ${fmtShape(target)} (${sOut})`, { node: ctx.name, expected: target, actual: x.shape });
  }
  return out;
}

function axesInput(ctx: InferContext, index: number, attr: string): number[] | undefined {
  const v = ctx.inputs[index];
  if (v) {
    const a = intsOf(v);
    if (!a) throw new GraphError('GRAPH_DYNAMIC', `${ctx.op} node "${ctx.name}": axes must be known when building the graph`, { op: ctx.op, node: ctx.name });
    return a;
  }
  const attrAxes = ctx.ints(attr);
  return attrAxes ? [...attrAxes] : undefined;
}

function passSym(ctx: InferContext, f: (s: readonly Dim[]) => readonly Dim[] | undefined): (Known | undefined)[] {
  const s = symOf(ctx.inputs[0]);
  const r = s ? f(s) : undefined;
  return [r ? { sym: r } : undefined];
}

function unsqueezeShape(shape: readonly Dim[], axes: readonly number[]): Dim[] {
  const rank = shape.length + axes.length;
  const norm = new Set(axes.map((a) => (a < 0 ? a + rank : a)));
  const out: Dim[] = [];
  let j = 0;
  for (let i = 0; i < rank; i++) out.push(norm.has(i) ? 1 : shape[j++]!);
  return out;
}

/** Source index of each output position of a reflect/edge pad along one axis. */
function padSource(n: number, before: number, after: number, mode: string): number[] {
  const out: number[] = [];
  for (let j = -before; j < n + after; j++) {
    let k = j;
    if (mode === 'edge') k = Math.min(Math.max(j, 0), n - 1);
    else while (k < 0 || k >= n) k = k < 0 ? -k : 2 * (n - 1) - k;
    out.push(k);
  }
  return out;
}

/**
 * Gradient of a reflect/edge Pad: the pad is a 0/1 gather matrix per axis, so the gradient
 * contracts dy with that matrix (a MatMul against a constant), axis by axis.
 */
function padIndexGrad(b: import('./builder.js').Builder, name: string, x: Value, dy: Value, pads: readonly number[], axes: readonly number[], mode: string): Value {
  let g = dy;
  const k = axes.length;
  axes.forEach((a, i) => {
    const size = x.shape[a];
    if (typeof size !== 'number') throw new GraphError('GRAD_UNSUPPORTED', `Pad node "${name}": ${mode} gradient needs a static size on axis ${a}`, { node: name, mode, axis: a });
    const before = pads[i]!;
    const after = pads[i + k]!;
    if (before === 0 && after === 0) return;
    const src = padSource(size, before, after, mode);
    const m = tensor(x.dtype, [src.length, size]);
    src.forEach((s, j) => (m.data[j * size + s] = 1));
    const perm = x.shape.map((_, d) => d).filter((d) => d !== a).concat([a]);
    const inv = new Array<number>(perm.length);
    perm.forEach((p, d) => (inv[p] = d));
    g = b.transpose(b.op1('MatMul', [b.transpose(g, perm), b.constant(m)]), inv);
  });
  return g;
}

registerPrimitives(
  {
    op: 'Reshape',
    attrs: { allowzero: { kind: 'int', default: 0 } },
    infer: (ctx) => {
      const x = ctx.input(0);
      const target = symOf(ctx.input(1));
      if (target) return [{ dtype: x.dtype, shape: reshapeTarget(ctx, x, target) }];
      const len = ctx.input(1).shape[0];
      if (typeof len !== 'number') throw new GraphError('GRAPH_DYNAMIC', `Reshape node "${ctx.name}": the target rank must be known`, { node: ctx.name });
      return [{ dtype: x.dtype, shape: Array.from({ length: len }, () => ctx.freshDim('reshape')) }];
    },
    propagate: (ctx) => passSym(ctx, (s) => s),
    grad: (b, n, [dy]) => [reshapeBack(b, n.input(0), dy!), null],
  },
  {
    op: 'Flatten',
    attrs: { axis: { kind: 'int', default: 1 } },
    infer: (ctx) => {
      const x = ctx.input(0);
      const axis = ctx.int('axis') < 0 ? ctx.int('axis') + x.rank : ctx.int('axis');
      const f = (): string => ctx.freshDim('flat');
      const outer = x.shape.slice(0, axis).reduce<Dim>((p, q) => mulDim(p, q, f), 1);
      const inner = x.shape.slice(axis).reduce<Dim>((p, q) => mulDim(p, q, f), 1);
      return [{ dtype: x.dtype, shape: [outer, inner] }];
    },
    grad: (b, n, [dy]) => [reshapeBack(b, n.input(0), dy!)],
  },
  {
    op: 'Transpose',
    attrs: { perm: { kind: 'ints' } },
    infer: (ctx) => {
      const x = ctx.input(0);
      const perm = ctx.ints('perm') ?? x.shape.map((_, i) => x.rank - 1 - i);
      return [{ dtype: x.dtype, shape: perm.map((p) => x.shape[p]!) }];
    },
    grad: (b, n, [dy]) => {
      const x = n.input(0);
      const perm = (n.attrs['perm'] as readonly number[] | undefined) ?? x.shape.map((_, i) => x.rank - 1 - i);
      const inv = new Array<number>(perm.length);
      perm.forEach((p, i) => (inv[p] = i));
      return [b.transpose(dy!, inv)];
    },
  },
  {
    op: 'Squeeze',
    attrs: {},
    infer: (ctx) => {
      const x = ctx.input(0);
      const axes = axesInput(ctx, 1, 'axes')?.map((a) => normAxis(a, x.rank, `Squeeze "${ctx.name}"`));
      const drop = new Set(axes ?? x.shape.flatMap((d, i) => (d === 1 ? [i] : [])));
      return [{ dtype: x.dtype, shape: x.shape.filter((_, i) => !drop.has(i)) }];
    },
    propagate: (ctx) => passSym(ctx, (s) => s),
    grad: (b, n, [dy]) => [reshapeBack(b, n.input(0), dy!), null],
  },
  {
    op: 'Unsqueeze',
    attrs: {},
    infer: (ctx) => {
      const x = ctx.input(0);
      return [{ dtype: x.dtype, shape: unsqueezeShape(x.shape, axesInput(ctx, 1, 'axes') ?? []) }];
    },
    propagate: (ctx) => passSym(ctx, (s) => s),
    grad: (b, n, [dy]) => [reshapeBack(b, n.input(0), dy!), null],
  },
  {
    op: 'Concat',
    attrs: { axis: { kind: 'int' } },
    infer: (ctx) => {
      const x = ctx.input(0);
      const axis = normAxis(ctx.int('axis'), x.rank, `Concat "${ctx.name}"`);
      let total: Dim = 0;
      for (const v of ctx.inputs) {
        const d = v!.shape[axis]!;
        total = typeof total === 'number' && typeof d === 'number' ? total + d : ctx.freshDim('concat');
      }
      const shape = [...x.shape];
      shape[axis] = total;
      return [{ dtype: x.dtype, shape }];
    },
    propagate: (ctx) => {
      const parts = ctx.inputs.map((v) => symOf(v));
      if (parts.some((p) => !p)) return [undefined];
      return [{ sym: parts.flatMap((p) => [...p!]) }];
    },
    grad: (b, n, [dy]) => {
      const axis = normAxis(Number(n.attrs['axis']), n.input(0).rank, 'Concat');
      let start: Value = b.ints([0]);
      return n.inputs.map((v) => {
        const d = v!.shape[axis]!;
        const size = typeof d === 'number' ? b.ints([d]) : b.op1('Gather', [b.shapeOf(v!), b.ints([axis])]);
        const end = b.add(start, size);
        const piece = b.op1('Slice', [dy!, start, end, b.ints([axis])]);
        start = end;
        return piece;
      });
    },
  },
  {
    op: 'Split',
    // num_outputs is opset 18's spelling of an equal split (the last part smaller when uneven).
    attrs: { axis: { kind: 'int', default: 0 }, num_outputs: { kind: 'int' } },
    outputs: (ctx) => intsOf(ctx.inputs[1])?.length ?? (ctx.has('num_outputs') ? ctx.int('num_outputs') : undefined) ?? ctx.requestedOutputs ?? 2,
    infer: (ctx) => {
      const x = ctx.input(0);
      const axis = normAxis(ctx.int('axis'), x.rank, `Split "${ctx.name}"`);
      const d = x.shape[axis]!;
      let sizes: Dim[] | undefined = intsOf(ctx.inputs[1]);
      const n = sizes?.length ?? (ctx.has('num_outputs') ? ctx.int('num_outputs') : undefined) ?? ctx.requestedOutputs ?? 2;
      if (!sizes) sizes = Array.from({ length: n }, () => (typeof d === 'number' ? Math.ceil(d / n) : ctx.freshDim('split')));
      if (typeof d === 'number' && intsOf(ctx.inputs[1]) === undefined) sizes[n - 1] = d - Math.ceil(d / n) * (n - 1);
      return sizes.map((s) => {
        const shape = [...x.shape];
        shape[axis] = s;
        return { dtype: x.dtype, shape };
      });
    },
    grad: (b, n, dys) => {
      const parts = n.outputs.map((o, i) => dys[i] ?? b.zerosLike(o));
      return [b.op1('Concat', parts, { axis: Number(n.attrs['axis'] ?? 0) }), null];
    },
  },
  {
    op: 'Gather',
    attrs: { axis: { kind: 'int', default: 0 } },
    infer: (ctx) => {
      const [x, idx] = [ctx.input(0), ctx.input(1)];
      const axis = normAxis(ctx.int('axis'), x.rank, `Gather "${ctx.name}"`);
      return [{ dtype: x.dtype, shape: [...x.shape.slice(0, axis), ...idx.shape, ...x.shape.slice(axis + 1)] }];
    },
    propagate: (ctx) => {
      const s = symOf(ctx.inputs[0]);
      const idx = intsOf(ctx.inputs[1]);
      if (!s || !idx || ctx.input(0).rank !== 1) return [undefined];
      const picked = idx.map((i) => s[i < 0 ? i + s.length : i]!);
      return [{ sym: picked }];
    },
    grad: (b, n, [dy]) => {
      const [x, idx] = [n.input(0), n.input(1)];
      const axis = normAxis(Number(n.attrs['axis'] ?? 0), x.rank, 'Gather');
      const ri = idx.rank;
      // Bring the gathered axis to the front, scatter-add rows into zeros, move it back.
      const permDy = [...Array.from({ length: ri }, (_, i) => axis + i), ...Array.from({ length: axis }, (_, i) => i), ...Array.from({ length: x.rank - axis - 1 }, (_, i) => axis + ri + i)];
      const g = axis === 0 ? dy! : b.transpose(dy!, permDy);
      const permX = [axis, ...Array.from({ length: x.rank }, (_, i) => i).filter((i) => i !== axis)];
      const xt = axis === 0 ? x : b.transpose(x, permX);
      const i64 = b.cast(idx, 'int64');
      const dim = b.op1('Gather', [b.shapeOf(x), b.ints([axis])]);
      const wrapped = b.op1('Where', [b.op1('Less', [i64, b.constant(tensor('int64', [], [0]))]), b.add(i64, b.squeeze(dim, [0])), i64]);
      const scattered = b.op1('ScatterND', [b.zerosLike(xt), b.unsqueeze(wrapped, [ri]), g], { reduction: 'add' });
      if (axis === 0) return [scattered, null];
      const inv = new Array<number>(permX.length);
      permX.forEach((p, i) => (inv[p] = i));
      return [b.transpose(scattered, inv), null];
    },
  },
  {
    op: 'ScatterND',
    attrs: { reduction: { kind: 'string', default: 'none' } },
    infer: (ctx) => [ctx.input(0).type],
    grad: null,
  },
  {
    op: 'ScatterElements',
    attrs: { axis: { kind: 'int', default: 0 }, reduction: { kind: 'string', default: 'none' } },
    infer: (ctx) => [ctx.input(0).type],
    grad: null,
  },
  {
    op: 'GatherElements',
    attrs: { axis: { kind: 'int', default: 0 } },
    infer: (ctx) => [{ dtype: ctx.input(0).dtype, shape: ctx.input(1).shape }],
    grad: (b, n, [dy]) => [
      b.op1('ScatterElements', [b.zerosLike(n.input(0)), n.input(1), dy!], { axis: Number(n.attrs['axis'] ?? 0), reduction: 'add' }),
      null,
    ],
  },
  {
    op: 'Pad',
    attrs: { mode: { kind: 'string', default: 'constant' } },
    infer: (ctx) => {
      const x = ctx.input(0);
      const pads = intsOf(ctx.inputs[1]);
      // Pads computed at run time (Slice gradients with runtime bounds): every dim gets a fresh size.
      if (!pads) return [{ dtype: x.dtype, shape: x.shape.map(() => ctx.freshDim('pad')) }];
      const axes = (intsOf(ctx.inputs[3]) ?? x.shape.map((_, i) => i)).map((a) => normAxis(a, x.rank, 'Pad'));
      const shape = [...x.shape];
      axes.forEach((a, i) => {
        const d = shape[a]!;
        shape[a] = typeof d === 'number' ? d + pads[i]! + pads[i + axes.length]! : pads[i] === 0 && pads[i + axes.length] === 0 ? d : ctx.freshDim('pad');
      });
      return [{ dtype: x.dtype, shape }];
    },
    grad: (b, n, [dy]) => {
      const x = n.input(0);
      const mode = typeof n.attrs['mode'] === 'string' ? n.attrs['mode'] : 'constant';
      const pads = intsOf(n.inputs[1]);
      if (!pads) throw new GraphError('GRAD_UNSUPPORTED', `Pad node "${n.name}": gradient needs pads known when building the graph`, { node: n.name });
      const axes = (intsOf(n.inputs[3]) ?? x.shape.map((_, i) => i)).map((a) => normAxis(a, x.rank, 'Pad'));
      if (mode !== 'constant') return [padIndexGrad(b, n.name, x, dy!, pads, axes, mode), null, null, null];
      if (pads.some((p) => p < 0)) throw new GraphError('GRAD_UNSUPPORTED', `Pad node "${n.name}": gradient of negative pads is not supported`, { node: n.name });
      const k = axes.length;
      const starts = axes.map((_, i) => pads[i]!);
      const ends = axes.map((_, i) => (pads[i + k]! === 0 ? INT64_MAX : -pads[i + k]!));
      return [b.op1('Slice', [dy!, b.ints(starts), b.ints(ends), b.ints(axes)]), null, null, null];
    },
  },
  {
    op: 'Expand',
    attrs: {},
    infer: (ctx) => {
      const x = ctx.input(0);
      const s = symOf(ctx.input(1));
      if (s) return [{ dtype: x.dtype, shape: broadcastShapes(x.shape, s, `Expand "${ctx.name}"`) }];
      // A runtime target shape: only its length is known, every dim stays symbolic.
      const len = ctx.input(1).shape[0];
      if (typeof len !== 'number') throw new GraphError('GRAPH_DYNAMIC', `Expand node "${ctx.name}": the rank of the target shape must be known`, { node: ctx.name });
      return [{ dtype: x.dtype, shape: Array.from({ length: Math.max(len, x.rank) }, () => ctx.freshDim('expand')) }];
    },
    grad: (b, n, [dy]) => [sumToShape(b, dy!, n.input(0)), null],
  },
  {
    op: 'Tile',
    attrs: {},
    infer: (ctx) => {
      const x = ctx.input(0);
      const r = intsOf(ctx.inputs[1]);
      return [{ dtype: x.dtype, shape: x.shape.map((d, i) => (r && typeof d === 'number' ? d * r[i]! : r?.[i] === 1 ? d : ctx.freshDim('tile'))) }];
    },
    grad: (b, n, [dy]) => {
      const x = n.input(0);
      const r = intsOf(n.inputs[1]);
      if (!r || !isStatic(x.shape)) throw new GraphError('GRAD_UNSUPPORTED', `Tile node "${n.name}": gradient needs static shapes`, { node: n.name });
      const split = x.shape.flatMap((d, i) => [r[i]!, d]);
      const g = b.reduceSum(b.reshape(dy!, split), x.shape.map((_, i) => 2 * i), false);
      return [g, null];
    },
  },
);
