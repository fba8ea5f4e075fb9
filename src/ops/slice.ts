import { GraphError } from '../core/index.js';
import type { Dim, Value } from '../ir/index.js';
import { normAxis, type Builder } from './builder.js';
import { intsOf, symOf } from './known.js';
import type { Primitive } from './primitive.js';
import { registerPrimitives } from './registry.js';

/** The "to the end" bound exporters write (INT64_MAX). */
export const INT64_MAX = 9223372036854775807;

interface SliceSpec {
  axes: number[];
  starts: number[];
  ends: number[];
  steps: number[];
}

/** Output size of one sliced axis when start, end and step are known (symbolic sizes get a fresh dim). */
function sliceDim(d: Dim, start: number, end: number, step: number, fresh: () => string): Dim {
  if (typeof d !== 'number') return start === 0 && end >= INT64_MAX / 2 && step === 1 ? d : fresh();
  const clamp = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, lo), hi);
  let s = start < 0 ? start + d : start;
  let e = end < 0 ? end + d : end;
  if (step > 0) {
    s = clamp(s, 0, d);
    e = clamp(e, 0, d);
    return Math.max(0, Math.ceil((e - s) / step));
  }
  s = clamp(s, -1, d - 1);
  e = clamp(e, -1, d - 1);
  return Math.max(0, Math.ceil((e - s) / step));
}

/** Sliced axes (normalized) when they are known; all axes when the input is omitted. */
function sliceAxes(inputs: readonly (Value | null)[], rank: number, count: number, name: string): number[] | undefined {
  const raw = inputs[3] ? intsOf(inputs[3]) : Array.from({ length: count }, (_, i) => i);
  return raw?.map((a) => normAxis(a, rank, `Slice "${name}"`));
}

/** The slice's bounds when all are known at build time. */
function knownSpec(inputs: readonly (Value | null)[], rank: number, name: string): SliceSpec | undefined {
  const starts = intsOf(inputs[1]);
  const ends = intsOf(inputs[2]);
  if (!starts || !ends) return undefined;
  const axes = sliceAxes(inputs, rank, starts.length, name);
  const steps = inputs[4] ? intsOf(inputs[4]) : starts.map(() => 1);
  return axes && steps ? { axes, starts, ends, steps } : undefined;
}

/** Number of bounds (the length of `starts`), when known. */
function boundCount(starts: Value): number | undefined {
  const d = symOf(starts)?.length ?? starts.shape[0];
  return typeof d === 'number' ? d : undefined;
}

/** Pads that undo a step-1 slice when they are known at build time (static sizes, or whole symbolic axes). */
function staticPads(x: Value, sp: SliceSpec): number[] | undefined {
  const pads = new Array<number>(2 * x.rank).fill(0);
  for (let i = 0; i < sp.axes.length; i++) {
    const a = sp.axes[i]!;
    const d = x.shape[a];
    if (typeof d !== 'number') {
      if (sp.starts[i] === 0 && sp.ends[i]! >= INT64_MAX / 2) continue;
      return undefined;
    }
    const norm = (v: number): number => Math.min(Math.max(v < 0 ? v + d : v, 0), d);
    const s = norm(sp.starts[i]!);
    pads[a] = s;
    pads[a + x.rank] = d - Math.max(s, norm(sp.ends[i]!));
  }
  return pads;
}

/** Pads that undo a step-1 slice, as one int64 vector [begin_0..begin_r-1, end_0..end_r-1], computed at run time. */
function runtimePads(b: Builder, x: Value, starts: Value, ends: Value, axes: readonly number[]): Value {
  const zero = b.ints([0]);
  const dims = b.op1('Gather', [b.shapeOf(x), b.ints(axes)]);
  const i64 = (v: Value): Value => b.cast(v, 'int64');
  const clampBound = (v: Value): Value => {
    const wrapped = b.op1('Where', [b.op1('Less', [v, zero]), b.add(v, dims), v]);
    return b.op1('Min', [b.op1('Max', [wrapped, zero]), dims]);
  };
  const s = clampBound(i64(starts));
  const e = b.op1('Max', [clampBound(i64(ends)), s]);
  const after = b.sub(dims, e);
  const pick = (v: Value, axis: number): Value => {
    const j = axes.indexOf(axis);
    return j < 0 ? zero : b.op1('Gather', [v, b.ints([j])]);
  };
  const parts = [...x.shape.map((_, a) => pick(s, a)), ...x.shape.map((_, a) => pick(after, a))];
  return b.op1('Concat', parts, { axis: 0 });
}

/**
 * ONNX Slice. Bounds may be known while building (then shapes are exact) or computed at run
 * time from shapes (exporters' attention code): the sliced axes then get fresh symbolic sizes,
 * and the gradient pads dy back with pads computed in the graph, so dynamic batch and sequence
 * length work in backward graphs too.
 */
const slice: Primitive = {
  op: 'Slice',
  attrs: {},
  infer: (ctx) => {
    const x = ctx.input(0);
    const fresh = (): string => ctx.freshDim('slice');
    const sp = knownSpec(ctx.inputs, x.rank, ctx.name);
    if (!sp) {
      const count = boundCount(ctx.input(1));
      const axes = count === undefined ? undefined : sliceAxes(ctx.inputs, x.rank, count, ctx.name);
      return [{ dtype: x.dtype, shape: x.shape.map((d, i) => (axes === undefined || axes.includes(i) ? fresh() : d)) }];
    }
    const shape = [...x.shape];
    sp.axes.forEach((a, i) => (shape[a] = sliceDim(shape[a]!, sp.starts[i]!, sp.ends[i]!, sp.steps[i]!, fresh)));
    return [{ dtype: x.dtype, shape }];
  },
  propagate: (ctx) => {
    const s = symOf(ctx.inputs[0]);
    if (!s || ctx.input(0).rank !== 1) return [undefined];
    const sp = knownSpec(ctx.inputs, 1, ctx.name);
    if (!sp || sp.axes[0] !== 0 || sp.steps[0] !== 1) return [undefined];
    const n = s.length;
    const norm = (v: number): number => Math.min(Math.max(v < 0 ? v + n : v, 0), n);
    return [{ sym: s.slice(norm(sp.starts[0]!), norm(sp.ends[0]!)) }];
  },
  grad: (b, n, [dy]) => {
    const x = n.input(0);
    const steps = n.inputs[4] ? intsOf(n.inputs[4]) : undefined;
    if (n.inputs[4] && !steps?.every((s) => s === 1)) {
      throw new GraphError('GRAD_UNSUPPORTED', `Slice node "${n.name}": gradient of a slice with steps ${steps?.join(',') ?? '(computed at run time)'} is not supported (only step 1)`, { node: n.name });
    }
    const sp = knownSpec(n.inputs, x.rank, n.name);
    const pads = sp ? staticPads(x, sp) : undefined;
    if (pads) return [b.op1('Pad', [dy!, b.ints(pads)]), null, null, null, null];
    const count = boundCount(n.input(1));
    const axes = count === undefined ? undefined : sliceAxes(n.inputs, x.rank, count, n.name);
    if (!axes) throw new GraphError('GRAD_UNSUPPORTED', `Slice node "${n.name}": gradient needs the sliced axes to be known when building the graph`, { node: n.name });
    return [b.op1('Pad', [dy!, runtimePads(b, x, n.input(1), n.input(2), axes)]), null, null, null, null];
  },
};

registerPrimitives(slice);
