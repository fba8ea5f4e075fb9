import { numberAt, type HostTensor } from '../core/index.js';
import type { Dim, Value } from '../ir/index.js';

/** The contents of a small integer value as dims (symbolic entries allowed), when known at build time. */
export function symOf(v: Value | null | undefined): readonly Dim[] | undefined {
  if (!v) return undefined;
  if (v.sym) return v.sym;
  const k = v.known;
  if (k && (k.dtype === 'int64' || k.dtype === 'int32') && k.shape.length <= 1) return Array.from(k.data, Number);
  return undefined;
}

/** The contents of an integer value as plain numbers, when fully known. */
export function intsOf(v: Value | null | undefined): number[] | undefined {
  const s = symOf(v);
  return s?.every((d) => typeof d === 'number') ? (s as number[]) : undefined;
}

/** The contents of a known float value as numbers (scalars and small vectors). */
export function numbersOf(t: HostTensor | undefined): number[] | undefined {
  if (!t) return undefined;
  const out: number[] = [];
  for (let i = 0; i < t.data.length; i++) out.push(numberAt(t, i));
  return out;
}

type IntOp = 'Add' | 'Sub' | 'Mul' | 'Div';

function applyInt(op: IntOp, p: number, q: number): number {
  if (op === 'Add') return p + q;
  if (op === 'Sub') return p - q;
  if (op === 'Mul') return p * q;
  return Math.trunc(p / q);
}

/**
 * Build-time integer arithmetic on shape values (exporters compute head sizes and slice bounds
 * as `Div(Add(Gather(Shape(x)), 1), 3)`): numbers fold, a symbolic dim survives `×1`, `+0`,
 * `−0` and `÷1`, and any other symbolic result becomes a fresh dim (its rank stays known).
 * Returns undefined when an operand's contents are unknown or the op is not integer.
 */
export function foldIntBinary(op: IntOp, a: Value, b: Value, fresh: () => string): readonly Dim[] | undefined {
  if ((a.dtype !== 'int64' && a.dtype !== 'int32') || a.rank > 1 || b.rank > 1) return undefined;
  const [p, q] = [symOf(a), symOf(b)];
  if (!p || !q || (p.length !== q.length && p.length !== 1 && q.length !== 1)) return undefined;
  const n = Math.max(p.length, q.length);
  return Array.from({ length: n }, (_, i): Dim => {
    const x = p[p.length === 1 ? 0 : i]!;
    const y = q[q.length === 1 ? 0 : i]!;
    if (typeof x === 'number' && typeof y === 'number') return op === 'Div' && y === 0 ? fresh() : applyInt(op, x, y);
    const unit = op === 'Mul' || op === 'Div' ? 1 : 0;
    if (y === unit) return x;
    if (x === unit && (op === 'Mul' || op === 'Add')) return y;
    return fresh();
  });
}
