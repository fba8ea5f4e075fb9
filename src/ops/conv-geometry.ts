import { GraphError } from '../core/index.js';
import type { Dim } from '../ir/index.js';
import type { InferContext } from './primitive.js';

/** Explicit window geometry of a Conv/ConvTranspose/pool node: every auto_pad resolved. */
export interface WindowGeometry {
  readonly kernel: number[];
  readonly strides: number[];
  readonly dilations: number[];
  /** begin pads then end pads, ONNX order. */
  readonly pads: number[];
}

type AttrSource = Pick<InferContext, 'ints' | 'str' | 'name' | 'op'>;

/** Resolves strides, dilations and pads (including SAME_UPPER/SAME_LOWER/VALID) for forward windows. */
export function windowGeometry(ctx: AttrSource, spatial: readonly Dim[], kernel: readonly number[]): WindowGeometry {
  const r = kernel.length;
  const strides = [...(ctx.ints('strides') ?? new Array<number>(r).fill(1))];
  const dilations = [...(ctx.ints('dilations') ?? new Array<number>(r).fill(1))];
  let pads = [...(ctx.ints('pads') ?? new Array<number>(2 * r).fill(0))];
  const auto = ctx.str('auto_pad');
  if (auto === 'VALID') pads = new Array<number>(2 * r).fill(0);
  else if (auto === 'SAME_UPPER' || auto === 'SAME_LOWER') {
    pads = new Array<number>(2 * r).fill(0);
    for (let i = 0; i < r; i++) {
      const d = spatial[i];
      if (typeof d !== 'number') throw new GraphError('GRAPH_DYNAMIC', `${ctx.op} node "${ctx.name}": auto_pad ${auto} needs static spatial sizes`, { op: ctx.op, node: ctx.name, autoPad: auto });
      const out = Math.ceil(d / strides[i]!);
      const total = Math.max(0, (out - 1) * strides[i]! + (kernel[i]! - 1) * dilations[i]! + 1 - d);
      const small = Math.floor(total / 2);
      pads[i] = auto === 'SAME_UPPER' ? small : total - small;
      pads[i + r] = total - pads[i]!;
    }
  } else if (auto !== 'NOTSET') {
    throw new GraphError('GRAPH_ATTRIBUTE', `${ctx.op} node "${ctx.name}": unknown auto_pad "${auto}"`, { auto_pad: auto });
  }
  return { kernel: [...kernel], strides, dilations, pads };
}

/** Output spatial sizes of a forward window op (floor, or ceil when `ceil` is set). */
export function windowOutput(g: WindowGeometry, spatial: readonly Dim[], ceil: boolean, fresh: (h: string) => string): Dim[] {
  return spatial.map((d, i) => {
    if (typeof d !== 'number') return fresh('conv');
    const span = (g.kernel[i]! - 1) * g.dilations[i]! + 1;
    const q = (d + g.pads[i]! + g.pads[i + spatial.length]! - span) / g.strides[i]!;
    let o = (ceil ? Math.ceil(q) : Math.floor(q)) + 1;
    // With ceil_mode the last window must start inside the (left-padded) input.
    if (ceil && (o - 1) * g.strides[i]! >= d + g.pads[i]!) o -= 1;
    if (o <= 0) throw new GraphError('SHAPE_WINDOW', `window of span ${span} does not fit input size ${d} with pads ${g.pads[i]}/${g.pads[i + spatial.length]}`, { span, size: d });
    return o;
  });
}

/** Plain-object attributes of a geometry, for emitting Conv/ConvTranspose nodes in gradient rules. */
export function geometryAttrs(g: WindowGeometry): { strides: number[]; dilations: number[]; pads: number[]; kernel_shape: number[] } {
  return { strides: g.strides, dilations: g.dilations, pads: g.pads, kernel_shape: g.kernel };
}

/** A reader over a built node's attributes with the same interface shape rules use. */
export function nodeAttrReader(n: { attrs: Readonly<Record<string, unknown>>; name: string; op: string }): AttrSource {
  return {
    name: n.name,
    op: n.op,
    ints: (k) => n.attrs[k] as readonly number[] | undefined,
    str: (k) => (n.attrs[k] as string | undefined) ?? 'NOTSET',
  };
}

/**
 * Row-major digits of `flat` in a box of sizes `dims`: the position of the `flat`-th kernel tap in
 * the window (or of an output position in the output), last dimension fastest.
 * @example `boxDigits(5, [3, 3])` → `[1, 2]`
 */
export function boxDigits(flat: number, dims: readonly number[]): number[] {
  const out = new Array<number>(dims.length);
  for (let i = dims.length - 1; i >= 0; i--) {
    out[i] = flat % dims[i]!;
    flat = Math.floor(flat / dims[i]!);
  }
  return out;
}
