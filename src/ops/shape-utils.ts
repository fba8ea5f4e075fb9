import { GraphError } from '../core/index.js';
import { fmtShape, type Dim } from '../ir/index.js';

/** Numpy-style broadcast of two shapes; symbolic dims are assumed equal to their partner. */
export function broadcastShapes(a: readonly Dim[], b: readonly Dim[], where: string): Dim[] {
  const n = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da === db || db === 1) out.push(da);
    else if (da === 1) out.push(db);
    else if (typeof da === 'string') out.push(db);
    else if (typeof db === 'string') out.push(da);
    else throw new GraphError('SHAPE_BROADCAST', `${where}: shapes ${fmtShape(a)} and ${fmtShape(b)} do not broadcast (dim ${i}: ${da} vs ${db})`, { a, b });
  }
  return out;
}

/**
 * Axes to sum over to take a gradient of shape `out` back to an operand of shape `operand`:
 * leading axes the operand lacks (`lead`) and axes where it has 1 but the result does not (`keep`).
 */
export function broadcastAxes(operand: readonly Dim[], out: readonly Dim[]): { lead: number[]; keep: number[] } {
  const lead: number[] = [];
  const keep: number[] = [];
  const off = out.length - operand.length;
  for (let i = 0; i < out.length; i++) {
    if (i < off) lead.push(i);
    else if (operand[i - off] === 1 && out[i] !== 1) keep.push(i);
  }
  return { lead, keep };
}

/** Product of dims, or undefined when any is symbolic. */
export function staticSize(shape: readonly Dim[]): number | undefined {
  let n = 1;
  for (const d of shape) {
    if (typeof d !== 'number') return undefined;
    n *= d;
  }
  return n;
}

/** Multiplies two dims, staying symbolic when either is. */
export function mulDim(a: Dim, b: Dim, fresh: () => string): Dim {
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  if (a === 1) return b;
  if (b === 1) return a;
  return fresh();
}
