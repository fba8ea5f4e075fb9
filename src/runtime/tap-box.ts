import { boxIndices } from '../core/index.js';
import { Graph, outerReads, type Value } from '../ir/index.js';
import { usedTapBox } from '../ops/index.js';

/**
 * A trained convolution filter of which only a box of kernel offsets ever meets the input
 * (ResNet's last stages on small images: a 3×3 filter on a 1×1 input only uses its centre). Its
 * gradient is exactly zero outside the box, so with an optimizer that leaves zero-gradient,
 * zero-state entries alone the train step carries and updates only the box.
 */
export interface TapBox {
  /** Shape of the box ([M, C, hi − lo + 1 ...]). */
  readonly shape: number[];
  /** Flat positions of the box's entries inside the full filter, in the box's row-major order. */
  readonly index: Int32Array;
}

/**
 * The tap box of each weight that has one: the weight's only use in the model (subgraphs, outputs
 * included) is as the filter of a Conv that the training lowering slices (see `usedTapBox`).
 */
export function tapBoxes(model: Graph, weights: readonly Value[]): Map<Value, TapBox> {
  const uses = new Map<Value, number>();
  const count = (v: Value | null): void => {
    if (v) uses.set(v, (uses.get(v) ?? 0) + 1);
  };
  for (const n of model.nodes) {
    n.inputs.forEach(count);
    for (const a of Object.values(n.attrs)) if (a instanceof Graph) outerReads(a).forEach(count);
  }
  model.outputs.forEach(count);
  const out = new Map<Value, TapBox>();
  const wanted = new Set(weights);
  for (const n of model.nodes) {
    const w = n.inputs[1];
    if (n.op !== 'Conv' || !w || !wanted.has(w) || uses.get(w) !== 1) continue;
    const box = usedTapBox(n);
    if (box) out.set(w, boxOf(w.shape as number[], box.lo, box.hi));
  }
  return out;
}

function boxOf(shape: readonly number[], lo: readonly number[], hi: readonly number[]): TapBox {
  // Leading (output, input channel) axes whole, kernel axes [lo, hi].
  const from = [0, 0, ...lo];
  const to = [shape[0]! - 1, shape[1]! - 1, ...hi];
  const boxShape = from.map((f, i) => to[i]! - f + 1);
  return { shape: boxShape, index: boxIndices(from, boxShape, shape) };
}

/** The box's entries of the filter at `offset` in a flat vector, copied into `out` (default: a new array). */
export function gatherBox(flat: Float32Array, offset: number, box: TapBox, out: Float32Array = new Float32Array(box.index.length)): Float32Array {
  for (let k = 0; k < out.length; k++) out[k] = flat[offset + box.index[k]!]!;
  return out;
}

/** Writes the box's entries back into the filter at `offset` of a flat vector. */
export function scatterBox(flat: Float32Array, offset: number, box: TapBox, values: Float32Array): void {
  for (let k = 0; k < values.length; k++) flat[offset + box.index[k]!] = values[k]!;
}

/** Whether the filter at [offset, offset + size) of a flat vector is zero everywhere outside its box. */
export function zeroOutsideBox(flat: Float32Array, offset: number, size: number, box: TapBox): boolean {
  let all = 0;
  for (let k = offset; k < offset + size; k++) if (flat[k] !== 0) all++;
  let inside = 0;
  for (let k = 0; k < box.index.length; k++) if (flat[offset + box.index[k]!] !== 0) inside++;
  return all === inside;
}
