import { GraphError } from '../core/index.js';
import type { Primitive } from './primitive.js';

const table = new Map<string, Primitive>();

/** Adds primitives to the registry (each op family file calls this once). */
export function registerPrimitives(...ps: readonly Primitive[]): void {
  for (const p of ps) table.set(p.op, p);
}

/** The primitive for `op`; a typed error naming op, node and opset when Keel lacks it. */
export function getPrimitive(op: string, where: { node?: string; opset?: number } = {}): Primitive {
  const p = table.get(op);
  if (!p) {
    throw new GraphError(
      'UNSUPPORTED_OP',
      `op ${op}${where.node ? ` (node "${where.node}")` : ''}${where.opset ? ` at opset ${where.opset}` : ''} is not supported by Keel; supported ops: ${[...table.keys()].sort().join(', ')}`,
      { op, ...where },
    );
  }
  return p;
}

/** Whether Keel has a primitive for `op`. */
export function hasPrimitive(op: string): boolean {
  return table.has(op);
}

/** All registered primitives, sorted by op name. */
export function allPrimitives(): Primitive[] {
  return [...table.values()].sort((a, b) => a.op.localeCompare(b.op));
}
