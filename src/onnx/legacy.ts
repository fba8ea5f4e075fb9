import { GraphError, tensor } from '../core/index.js';
import type { AttrValue, Value } from '../ir/index.js';
import { LEGACY_UNSUPPORTED_OPS } from '../io/index.js';
import type { Builder } from '../ops/index.js';

/** A node in the form Keel's primitives expect (opset 13–17 signatures). */
export interface UpgradedNode {
  readonly op: string;
  readonly inputs: (Value | null)[];
  readonly attrs: Record<string, AttrValue>;
}

const take = (attrs: Map<string, AttrValue>, k: string): AttrValue | undefined => {
  const v = attrs.get(k);
  attrs.delete(k);
  return v;
};
const ints = (v: AttrValue | undefined): number[] | undefined => (Array.isArray(v) ? [...(v as readonly number[])] : undefined);

/**
 * Rewrites a node from an older opset (6–12) into the opset-13 form Keel's primitives use:
 * attributes that later became inputs (axes, split, pads, min/max, starts/ends) become constant
 * inputs, and attributes that were dropped (broadcast, is_test, spatial, consumed_inputs) go.
 * Opset ≥ 13 nodes pass through unchanged.
 */
export function upgradeNode(b: Builder, op: string, inputs: (Value | null)[], attrs: Record<string, AttrValue>, opset: number, name: string): UpgradedNode {
  if (opset >= 13) return { op, inputs, attrs };
  if (LEGACY_UNSUPPORTED_OPS.has(op)) throw new GraphError('UNSUPPORTED_OP', `op ${op} (node "${name}") at opset ${opset} is not supported by Keel`, { op, node: name, opset });
  const a = new Map(Object.entries(attrs));
  let ins = [...inputs];
  for (const k of ['is_test', 'consumed_inputs']) a.delete(k);
  switch (op) {
    case 'Squeeze':
    case 'Unsqueeze':
    case 'ReduceSum': {
      const axes = ints(take(a, 'axes'));
      if (axes) ins = [ins[0] ?? null, b.ints(axes)];
      break;
    }
    case 'Split': {
      const split = ints(take(a, 'split'));
      if (split) ins = [ins[0] ?? null, b.ints(split)];
      break;
    }
    case 'Pad':
      if (opset < 11) {
        const pads = ints(take(a, 'pads'));
        const value = take(a, 'value');
        const x = ins[0]!;
        ins = [x, b.ints(pads ?? []), b.constant(tensor(x.dtype, [], [typeof value === 'number' ? value : 0]))];
      }
      break;
    case 'Clip':
      if (opset < 11) {
        const x = ins[0]!;
        const lo = take(a, 'min');
        const hi = take(a, 'max');
        ins = [x, b.constant(tensor(x.dtype, [], [typeof lo === 'number' ? lo : -3.4028234663852886e38])), b.constant(tensor(x.dtype, [], [typeof hi === 'number' ? hi : 3.4028234663852886e38]))];
      }
      break;
    case 'Slice':
      if (opset < 10) {
        const starts = ints(take(a, 'starts')) ?? [];
        const ends = ints(take(a, 'ends')) ?? [];
        const axes = ints(take(a, 'axes'));
        ins = [ins[0] ?? null, b.ints(starts), b.ints(ends), ...(axes ? [b.ints(axes)] : [])];
      }
      break;
    case 'Dropout':
      a.delete('ratio');
      ins = [ins[0] ?? null];
      break;
    case 'PRelu': {
      // Before opset 7 a 1-D slope applied per channel (axis 1).
      const [x, slope] = [ins[0]!, ins[1]!];
      if (slope.rank === 1 && x.rank > 2) ins = [x, b.unsqueeze(slope, Array.from({ length: x.rank - 2 }, (_, i) => i + 1))];
      break;
    }
    case 'BatchNormalization':
      a.delete('spatial');
      break;
    case 'Gemm':
      a.delete('broadcast');
      break;
    case 'Add':
    case 'Sub':
    case 'Mul':
    case 'Div':
    case 'Pow': {
      // Before opset 7, broadcasting was opt-in and could be anchored at an axis.
      take(a, 'broadcast');
      const axis = take(a, 'axis');
      const [x, y] = [ins[0]!, ins[1]!];
      if (typeof axis === 'number' && y.rank < x.rank) {
        const start = axis < 0 ? axis + x.rank : axis;
        const trailing = x.rank - start - y.rank;
        if (trailing > 0) ins = [x, b.unsqueeze(y, Array.from({ length: trailing }, (_, i) => y.rank + i))];
      }
      break;
    }
    case 'Softmax':
    case 'LogSoftmax': {
      // Opset < 13 flattens the input to 2-D at `axis` (default 1) and normalizes each row.
      const x = ins[0]!;
      const axisRaw = take(a, 'axis');
      const axis = typeof axisRaw === 'number' ? (axisRaw < 0 ? axisRaw + x.rank : axisRaw) : 1;
      if (axis !== x.rank - 1) {
        const flat = b.op1('Flatten', [x], { axis });
        const y = b.op1(op, [flat], { axis: 1 });
        return { op: 'Reshape', inputs: [y, b.shapeOf(x)], attrs: {} };
      }
      a.set('axis', axis);
      break;
    }
    default:
      break;
  }
  return { op, inputs: ins, attrs: Object.fromEntries(a) };
}
