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
