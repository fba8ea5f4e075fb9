import { tensor, type HostTensor } from '../core/index.js';
import type { Node, Value } from '../ir/index.js';
import type { Builder } from './builder.js';
import { boxDigits, nodeAttrReader, windowGeometry, windowOutput, type WindowGeometry } from './conv-geometry.js';

/** Largest output (positions per image) lowered to one GEMM; larger outputs keep onnxruntime's Conv. */
const MAX_POSITIONS = 16;
/** Largest unfold matrix (input positions × kernel offsets × output positions) built as a constant. */
const MAX_UNFOLD = 1 << 20;

/** Which flat input position each kernel offset reads at each output position, and the box of offsets that meet the input. */
interface TapTable {
  /** taps[k][o]: the flat input position offset k reads at output o, or -1 in the padding. */
  readonly taps: number[][];
  /** Per-dimension range [lo, hi] of the kernel offsets that meet the input at some output position. */
  readonly lo: number[];
  readonly hi: number[];
  /** The flat (row-major) kernel offsets inside that box. */
  readonly used: number[];
}

function tapTable(g: WindowGeometry, inSp: readonly number[], outSp: readonly number[]): TapTable {
  const r = inSp.length;
  const kk = g.kernel.reduce((a, d) => a * d, 1);
  const l = outSp.reduce((a, d) => a * d, 1);
  const taps = Array.from({ length: kk }, (_, k) => {
    const ko = boxDigits(k, g.kernel);
    return Array.from({ length: l }, (_, o) => {
      const oo = boxDigits(o, outSp);
      let at = 0;
      for (let i = 0; i < r; i++) {
        const p = oo[i]! * g.strides[i]! + ko[i]! * g.dilations[i]! - g.pads[i]!;
        if (p < 0 || p >= inSp[i]!) return -1;
        at = at * inSp[i]! + p;
      }
      return at;
    });
  });
  // The box (per-dimension range) of kernel offsets that meet the input somewhere: a Slice of the
  // filter, whose gradient is zero outside it.
  const lo = g.kernel.map(() => Infinity);
  const hi = g.kernel.map(() => -1);
  taps.forEach((t, k) => {
    if (!t.some((at) => at >= 0)) return;
    boxDigits(k, g.kernel).forEach((d, i) => {
      lo[i] = Math.min(lo[i]!, d);
      hi[i] = Math.max(hi[i]!, d);
    });
  });
  const used = taps.flatMap((_, k) => (boxDigits(k, g.kernel).every((d, i) => d >= lo[i]! && d <= hi[i]!) ? [k] : []));
  return { taps, lo, hi, used };
}

/**
 * The 0/1 matrix U [∏in, S·L] with x[·, ∏in] · U = the im2col columns of x, ordered (kernel
 * offset, output position), over the S offsets of the used box; padding is the missing ones.
 * Strides, dilations and pads are all in U.
 */
function unfoldMatrix(t: TapTable, inSize: number, l: number, dtype: 'float32' | 'float64'): HostTensor {
  const matrix = tensor(dtype, [inSize, t.used.length * l]);
  const u = matrix.data;
  t.used.forEach((k, j) => {
    t.taps[k]!.forEach((at, o) => {
      if (at >= 0) u[at * t.used.length * l + j * l + o] = 1;
    });
  });
  return matrix;
}

/** What the lowering needs to know of one Conv: its geometry and static sizes, or undefined when it keeps onnxruntime's Conv. */
interface ConvPlan {
  readonly g: WindowGeometry;
  readonly spatial: number[];
  readonly outSp: number[];
  readonly c: number;
  readonly m: number;
  readonly table: TapTable;
}

/** The filter's shape as the model node declares it (the bound filter may be its used-taps box). */
function planOf(n: Node, x: Value): ConvPlan | undefined {
  const w = n.inputs[1];
  if (n.op !== 'Conv' || !w || Number(n.attrs['group'] ?? 1) !== 1) return undefined;
  if (x.dtype !== 'float32' && x.dtype !== 'float64') return undefined;
  const [, c, ...inSp] = x.shape;
  const [m, , ...kernel] = w.shape;
  const statics = [c, m, ...inSp, ...kernel];
  if (!statics.every((d): d is number => typeof d === 'number') || inSp.length === 0) return undefined;
  const spatial = inSp as number[];
  const g = windowGeometry(nodeAttrReader(n), spatial, kernel as number[]);
  const outSp = windowOutput(g, spatial, false, () => 'dynamic') as number[];
  const l = outSp.reduce((a, d) => a * d, 1);
  const kk = g.kernel.reduce((a, d) => a * d, 1);
  const inSize = spatial.reduce((a, d) => a * d, 1);
  if (l > MAX_POSITIONS || inSize * kk * l > MAX_UNFOLD) return undefined;
  return { g, spatial, outSp, c: c as number, m: m as number, table: tapTable(g, spatial, outSp) };
}

/**
 * For a model `Conv` node that {@link lowerSmallConv} lowers when its filter is trained: the box of
 * kernel offsets that ever meet the input, when it is smaller than the kernel (undefined
 * otherwise). The filter's gradient is exactly zero outside the box, so a trainer may carry only
 * the box ([M, C, hi−lo+1...]) and bind it as the node's filter: the lowering then takes it as
 * already sliced.
 * @example `usedTapBox(convNode) // { lo: [1, 1], hi: [1, 1] } for a 3×3, pad 1 filter on a 1×1 input`
 */
export function usedTapBox(n: Node): { lo: number[]; hi: number[] } | undefined {
  const x = n.inputs[0];
  const plan = x ? planOf(n, x) : undefined;
  if (!plan || plan.table.used.length === plan.table.taps.length) return undefined;
  return { lo: plan.table.lo, hi: plan.table.hi };
}

/**
 * A training-graph lowering of `Conv` with few output positions (ResNet's last stages on small
 * images): onnxruntime's CPU Conv runs one GEMM per image, which for a 1×1 or 2×2 output is a
 * matrix-vector product that re-reads the whole filter N times; its blocked NCHWc kernels need
 * constant filters, which trained weights are not. Here the im2col columns come from one MatMul of
 * x with a constant 0/1 unfold matrix, and the convolution is ONE `Gemm` over batch and positions
 * together, with the filter as its transposed operand and the bias as its addend; autodiff then
 * gives the weight gradient as one GEMM straight in the filter's layout (no transpose back) and the
 * input gradient as a GEMM followed by the transposed unfold (col2im), all standard ONNX.
 *
 * Returns undefined (keep the Conv) for grouped convolutions, non-static sizes, outputs larger than
 * `MAX_POSITIONS` (16) positions, or a filter that is a constant.
 */
export function lowerSmallConv(b: Builder, n: Node, inputs: readonly (Value | null)[]): Value[] | undefined {
  const [x, w, bias] = inputs;
  if (!x || !w || (w.kind === 'initializer' && w.known)) return undefined;
  const plan = planOf(n, x);
  if (!plan) return undefined;
  const { g, spatial, outSp, c: cn, m: mn, table } = plan;
  const l = outSp.reduce((a, d) => a * d, 1);
  const inSize = spatial.reduce((a, d) => a * d, 1);
  const matrix = unfoldMatrix(table, inSize, l, x.dtype as 'float32' | 'float64');
  const taps = table.used.length;
  // The filter as [M, C·S] over the kernel offsets that meet the input (all of them but at the
  // edges); a filter bound with the box's shape is that slice already (see usedTapBox).
  const axes = g.kernel.map((_, i) => i + 2);
  const boxShape = table.hi.map((h, i) => h - table.lo[i]! + 1);
  const presliced = taps < table.taps.length && w.shape.slice(2).every((d, i) => d === boxShape[i]);
  const wTaps = taps === table.taps.length || presliced ? w : b.op1('Slice', [w, b.ints(table.lo), b.ints(table.hi.map((h) => h + 1)), b.ints(axes)]);
  // x [N, C, ∏in] · U → [N, C, S·L] → rows [N·L, C·S] (the filter's own C-major, offset-minor
  // order); the GEMM must be 2-D so that its weight gradient is one GEMM too, not N summed ones.
  // With one output position the transposes only move a size-1 axis: plain reshapes instead.
  const swap = (v: Value): Value => (l === 1 ? v : b.transpose(v, [0, 2, 1]));
  const cols = b.op1('MatMul', [b.reshape(x, [0, cn, inSize]), b.constant(matrix)]);
  const rows = b.reshape(swap(b.reshape(cols, [0, cn * taps, l])), [-1, cn * taps]);
  // Gemm(rows, W, transB): the weight gradient Gemm(dY, rows, transA) comes out as [M, C·S]; with
  // MatMul(rows, Wᵀ) it came out as [C·S, M] and was transposed back every step.
  const filter = b.reshape(wTaps, [mn, cn * taps]);
  const prod = b.op1('Gemm', bias ? [rows, filter, bias] : [rows, filter], { transB: 1 });
  const perImage = b.op1('Concat', [b.op1('Shape', [x], { start: 0, end: 1 }), b.ints(l === 1 ? [mn, l] : [l, mn])], { axis: 0 });
  return [b.reshape(swap(b.reshape(prod, perImage)), [0, mn, ...outSp])];
}
