import type { DataSource } from '../data-source.js';

/**
 * The cells of the chosen rows of a source, read in one streaming pass that stops after the
 * last of them; keyed by 0-based row.
 * @example `const cells = await readRows(source, [3, 17]); cells.get(3)?.[0]`
 */
export async function readRows(source: DataSource, rows: Iterable<number>): Promise<Map<number, readonly string[]>> {
  const want = new Set(rows);
  const out = new Map<number, readonly string[]>();
  if (want.size === 0) return out;
  const last = Math.max(...want);
  for await (const chunk of source.chunks()) {
    for (let i = 0; i < chunk.length; i++) if (want.has(chunk.offset + i)) out.set(chunk.offset + i, chunk.cells.map((c) => c[i]!));
    if (chunk.offset + chunk.length > last) break;
  }
  return out;
}

/** Short text of a table row: `name=value` for its first columns (the label issue and duplicate examples). */
export function rowText(columns: readonly string[], cells: readonly string[], skip: string | undefined, max = 8): string {
  const parts = columns.map((c, j) => [c, cells[j] ?? ''] as const).filter(([c]) => c !== skip);
  const shown = parts.slice(0, max).map(([c, v]) => `${c}=${v}`);
  return parts.length > max ? `${shown.join(', ')}, … (${parts.length - max} more)` : shown.join(', ');
}
