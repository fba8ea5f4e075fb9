import { tensor, type HostTensor } from '../core/index.js';
import type { Node, Value } from '../ir/index.js';
import type { Builder } from './builder.js';
import { nodeAttrReader, windowGeometry, windowOutput, type WindowGeometry } from './conv-geometry.js';

/** Largest output (positions per image) lowered to one GEMM; larger outputs keep onnxruntime's Conv. */
const MAX_POSITIONS = 16;
/** Largest unfold matrix (input positions × kernel offsets × output positions) built as a constant. */
const MAX_UNFOLD = 1 << 20;

/**
 * The 0/1 matrix U [∏in, KK·L] with x[·, ∏in] · U = the im2col columns of x, ordered (kernel
 * offset, output position); padding is the missing ones. Strides, dilations and pads are all in U.
 */
function unfoldMatrix(g: WindowGeometry, inSp: readonly number[], outSp: readonly number[], dtype: 'float32' | 'float64'): HostTensor {
  const r = inSp.length;
  const inSize = inSp.reduce((a, d) => a * d, 1);
  const kk = g.kernel.reduce((a, d) => a * d, 1);
  const l = outSp.reduce((a, d) => a * d, 1);
  const t = tensor(dtype, [inSize, kk * l]);
  const u = t.data;
  const digits = (flat: number, dims: readonly number[]): number[] => {
    const out = new Array<number>(dims.length);
    for (let i = dims.length - 1; i >= 0; i--) {
      out[i] = flat % dims[i]!;
      flat = Math.floor(flat / dims[i]!);
    }
    return out;
  };
  for (let k = 0; k < kk; k++) {
    const ko = digits(k, g.kernel);
    for (let o = 0; o < l; o++) {
      const oo = digits(o, outSp);
      let at = 0;
      let inside = true;
      for (let i = 0; i < r; i++) {
        const p = oo[i]! * g.strides[i]! + ko[i]! * g.dilations[i]! - g.pads[i]!;
        if (p < 0 || p >= inSp[i]!) inside = false;
        at = at * inSp[i]! + p;
      }
      if (inside) u[at * kk * l + k * l + o] = 1;
    }
  }
  return t;
}

/**
 * A training-graph lowering of `Conv` with few output positions (ResNet's last stages on small
 * images): onnxruntime's CPU Conv runs one GEMM per image, which for a 1×1 or 2×2 output is a
 * matrix-vector product that re-reads the whole filter N times; its blocked NCHWc kernels need
 * constant filters, which trained weights are not. Here the im2col columns come from one MatMul of
 * x with a constant 0/1 unfold matrix, and the convolution is ONE GEMM over batch and positions
 * together; autodiff then gives the weight gradient as one GEMM and the input gradient as a GEMM
 * followed by the transposed unfold (col2im), all standard ONNX.
 *
 * Returns undefined (keep the Conv) for grouped convolutions, non-static sizes, outputs larger than
 * {@link MAX_POSITIONS} positions, or a filter that is a constant.
 */
export function lowerSmallConv(b: Builder, n: Node, inputs: readonly (Value | null)[]): Value[] | undefined {
  const [x, w, bias] = inputs;
  if (n.op !== 'Conv' || !x || !w || Number(n.attrs['group'] ?? 1) !== 1) return undefined;
  if (x.dtype !== 'float32' && x.dtype !== 'float64') return undefined;
  if (w.kind === 'initializer' && w.known) return undefined;
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
  const [cn, mn] = [c as number, m as number];
  // x [N, C, ∏in] · U → [N, C, KK·L] → rows [N·L, C·KK] (the filter's own C-major, offset-minor
  // order); the GEMM must be 2-D so that its weight gradient is one GEMM too, not N summed ones.
  const cols = b.op1('MatMul', [b.reshape(x, [0, cn, inSize]), b.constant(unfoldMatrix(g, spatial, outSp, x.dtype))]);
  const rows = b.reshape(b.transpose(b.reshape(cols, [0, cn * kk, l]), [0, 2, 1]), [-1, cn * kk]);
  const prod = b.op1('MatMul', [rows, b.transpose(b.reshape(w, [mn, cn * kk]), [1, 0])]);
  const perImage = b.op1('Concat', [b.op1('Shape', [x], { start: 0, end: 1 }), b.ints([l, mn])], { axis: 0 });
  let y = b.reshape(b.transpose(b.reshape(prod, perImage), [0, 2, 1]), [0, mn, ...outSp]);
  if (bias) y = b.add(y, b.reshape(bias, [mn, ...outSp.map(() => 1)]));
  return [y];
}
