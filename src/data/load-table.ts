import type { DataInput, ReadOptions } from './data-source.js';
import { isNumericText } from './data-source.js';
import { openSource } from './open-source.js';
import { createTable, type Column, type Table } from './table.js';

/**
 * Reads a whole CSV / JSON-lines file into memory as a typed {@link Table} (numbers → `NaN` when
 * missing or not numeric; text → `null` when missing). For data larger than memory use
 * {@link openSource} and stream chunks instead.
 *
 * @example
 * ```ts
 * const t = await loadTable('wine.csv', { schema: { label: 'string' } });
 * ```
 */
export async function loadTable(input: DataInput, options: ReadOptions = {}): Promise<Table> {
  if (typeof input !== 'string') return input;
  const src = await openSource(input, options);
  const nums: number[][] = src.columns.map(() => []);
  const texts: (string | null)[][] = src.columns.map(() => []);
  for await (const chunk of src.chunks()) {
    src.types.forEach((type, j) => {
      const cells = chunk.cells[j]!;
      if (type === 'number') {
        const out = nums[j]!;
        for (const t of cells) out.push(src.missing.has(t) || !isNumericText(t) ? Number.NaN : Number(t));
      } else {
        const out = texts[j]!;
        for (const t of cells) out.push(src.missing.has(t) ? null : t);
      }
    });
  }
  return createTable(
    src.columns.map((name, j): Column =>
      src.types[j] === 'number'
        ? { name, type: 'number', values: Float64Array.from(nums[j]!) }
        : { name, type: 'string', values: texts[j]! },
    ),
  );
}
