import type { HostTensor } from '../../core/index.js';
import type { Node } from '../../ir/index.js';
import { transpose2d } from './weight-site.js';

/**
 * Group-1 convs with at most this many inputs per output (input channels × kernel window) go int8
 * as a 1×1 conv over their unfolded uint8 input. Measured on the MNIST CNN's 1→32 3×3 first conv
 * (9 inputs per output) with onnxruntime 1.30 on an AVX-512 VNNI Xeon, batch 256, 1 thread: as a
 * QLinearConv it ran slower than float32, so the first conv had to stay float32 and its 28×28×32
 * output went through a float32 MaxPool, a layout reorder and a QuantizeLinear; unfolded, the
 * conv's uint8 output feeds onnxruntime's NHWC int8 MaxPool and the next QLinearConv directly.
 */
export const UNFOLD_MAX_REDUCTION = 27;

/** Inputs per output of a conv weight [M, C/group, ...kernel]. */
export const reductionLength = (w: HostTensor): number => w.shape.slice(1).reduce((p, d) => p * d, 1);

/**
 * onnxruntime's int8 1×1 conv is fast when its input channel count is a multiple of this: with 9
 * (a 1-channel 3×3 window) it ran 2–5× slower than with 8, 12 or 16 (same machine, batch 256).
 */
export const UNFOLD_CHANNEL_MULTIPLE = 4;

/**
 * How many taps to repeat after a conv's `kk` kernel taps of `c` channels so that the unfolded
 * channel count is a multiple of {@link UNFOLD_CHANNEL_MULTIPLE} (their weights are zero).
 */
export function extraTaps(kk: number, c: number): number {
  let j = 0;
  while (((kk + j) * c) % UNFOLD_CHANNEL_MULTIPLE !== 0 && j < UNFOLD_CHANNEL_MULTIPLE) j++;
  return ((kk + j) * c) % UNFOLD_CHANNEL_MULTIPLE === 0 ? j : 0;
}

/**
 * A conv weight [M, C, ...kernel] reordered for the unfolded input's channel order (ops' `convUnfold`: kernel
 * tap major, input channel minor) as a 1×1 kernel: [M, (KK + extra)·C, 1, ...], the `extra`
 * repeated taps ({@link extraTaps}) with zero weights.
 */
export function unfoldedWeight(w: HostTensor, extra = 0): HostTensor<'float32'> {
  const [m, c] = [w.shape[0]!, w.shape[1]!];
  const kernel = w.shape.slice(2);
  const kk = kernel.reduce((p, d) => p * d, 1);
  const src = w.data as Float32Array;
  const row = (kk + extra) * c;
  const out = new Float32Array(m * row);
  for (let o = 0; o < m; o++) out.set(transpose2d({ dtype: 'float32', shape: [c, kk], data: src.subarray(o * c * kk, (o + 1) * c * kk) }).data as Float32Array, o * row);
  return { dtype: 'float32', shape: [m, row, ...kernel.map(() => 1)], data: out };
}

/** The 1×1 Conv attributes that replace an unfolded conv's window. */
export function pointwiseAttrs(n: Node): Record<string, number[] | number> {
  const r = n.input(1).rank - 2;
  const ones = new Array<number>(r).fill(1);
  return { kernel_shape: ones, strides: ones, dilations: ones, pads: new Array<number>(2 * r).fill(0), group: 1 };
}
