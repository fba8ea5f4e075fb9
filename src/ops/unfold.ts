import type { Node, Value } from '../ir/index.js';
import type { Builder } from './builder.js';
import { boxDigits, nodeAttrReader, windowGeometry, type WindowGeometry } from './conv-geometry.js';

/**
 * im2col as graph values: `x` ([A, B, ...spatial]) padded by the window's pads (with `padValue`, a
 * scalar of x's element type; default zero) and cut into one strided slice per kernel offset,
 * row-major over the kernel window. Each slice is [A, B, ...outSpatial]: slice k holds, for every
 * output position, the input the window's k-th tap reads there.
 *
 * @example `const taps = windowSlices(b, x, geometry, [28, 28]); // 9 slices for a 3×3 kernel`
 */
export function windowSlices(b: Builder, x: Value, g: WindowGeometry, outSpatial: readonly number[], padValue?: Value): Value[] {
  const r = g.kernel.length;
  const spatial = Array.from({ length: r }, (_, i) => i + 2);
  const pads = (): Value => b.ints([0, 0, ...g.pads.slice(0, r), 0, 0, ...g.pads.slice(r)]);
  const padded = g.pads.some((p) => p !== 0) ? b.op1('Pad', padValue ? [x, pads(), padValue] : [x, pads()]) : x;
  const axes = b.ints(spatial);
  const steps = b.ints(g.strides);
  const kk = g.kernel.reduce((p, q) => p * q, 1);
  const slices: Value[] = [];
  for (let flat = 0; flat < kk; flat++) {
    const offs = boxDigits(flat, g.kernel).map((d, i) => d * g.dilations[i]!);
    const ends = offs.map((o, i) => o + g.strides[i]! * (outSpatial[i]! - 1) + 1);
    slices.push(b.op1('Slice', [padded, b.ints(offs), b.ints(ends), axes, steps]));
  }
  return slices;
}

/**
 * The input of a group-1 Conv node cut into its kernel taps for a 1×1 convolution: `x` (the node's
 * input or a value of the same shape, e.g. its quantized form) becomes one [N, C, ...out] slice per
 * tap ({@link windowSlices}); concatenated on axis 1, channel k·C + c holds input channel c under
 * tap k, so that a 1×1 Conv with the weight reordered to [M, KK, C] computes the node's output.
 * Undefined when the node has groups or its input or output spatial sizes are not static.
 *
 * @example `const taps = convUnfold(b, convNode, xq, zeroPoint); // then Conv(Concat(taps), w1x1)`
 */
export function convUnfold(b: Builder, n: Node, x: Value, padValue?: Value): Value[] | undefined {
  const inSp = n.input(0).shape.slice(2);
  const outSp = n.output().shape.slice(2);
  const kernel = n.input(1).shape.slice(2);
  const known = (ds: readonly unknown[]): ds is number[] => ds.every((d) => typeof d === 'number');
  if (Number(n.attrs['group'] ?? 1) !== 1 || !known(inSp) || !known(outSp) || !known(kernel)) return undefined;
  return windowSlices(b, x, windowGeometry(nodeAttrReader(n), inSp, kernel), outSp, padValue);
}
