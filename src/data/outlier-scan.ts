import type { OutlierScan } from './check.js';
import { parseNumeric, type DataSource } from './data-source.js';
import type { DatasetProfile } from './profile-dataset.js';
import { quantileSorted } from './statistics.js';

function fences(sample: Float64Array, k: number): { low: number; high: number; width: number } {
  const p10 = quantileSorted(sample, 0.1);
  const p90 = quantileSorted(sample, 0.9);
  const width = p90 - p10;
  return { low: p10 - k * width, high: p90 + k * width, width };
}

/**
 * The outlier scan computed from the candidates the first pass collected (values outside
 * half-width preliminary fences), or undefined when a column's candidates may be incomplete
 * (cap hit, or final fences narrower than the preliminary ones) and a second pass is needed.
 *
 * @example
 * ```ts
 * const scan = outliersFromCandidates(profile, 2) ?? (await scanOutliers(source, profile, 2));
 * ```
 */
export function outliersFromCandidates(profile: DatasetProfile, k: number, evidenceRows = 1000): OutlierScan | undefined {
  const columns: OutlierScan['columns'][number][] = [];
  for (const c of profile.columns) {
    if (c.type !== 'number' || c.name === profile.target || c.sample.length === 0) continue;
    const f = fences(c.sample, k);
    if (f.width <= 0) continue;
    const cand = c.outlierCandidates;
    if (cand?.complete !== true || f.low > cand.low || f.high < cand.high) return undefined;
    const rows: number[] = [];
    let count = 0;
    cand.values.forEach((v, i) => {
      if (v < f.low || v > f.high) {
        count++;
        if (rows.length < evidenceRows) rows.push(cand.rows[i]!);
      }
    });
    columns.push({ name: c.name, low: f.low, high: f.high, count, rows });
  }
  return { k, columns };
}

/**
 * Second streaming pass for the `outliers` check: fences [P10 − k·(P90−P10), P90 + k·(P90−P10)]
 * come from the first pass's samples; this pass counts the values outside them per numeric
 * feature and keeps the first `evidenceRows` row indices. Columns with P90 = P10 are skipped.
 *
 * @example
 * ```ts
 * const scan = await scanOutliers(source, profile, 2);
 * ```
 */
export async function scanOutliers(source: DataSource, profile: DatasetProfile, k: number, evidenceRows = 1000): Promise<OutlierScan> {
  const cols = profile.columns
    .map((c, j) => ({ c, j }))
    .filter(({ c }) => c.type === 'number' && c.name !== profile.target && c.sample.length > 0)
    .map(({ c, j }) => {
      const f = fences(c.sample, k);
      return { name: c.name, j, low: f.low, high: f.high, count: 0, rows: [] as number[], skip: f.width <= 0 };
    })
    .filter((c) => !c.skip);
  if (cols.length > 0) {
    for await (const chunk of source.chunks()) {
      for (const col of cols) {
        const cells = chunk.cells[col.j]!;
        for (let i = 0; i < cells.length; i++) {
          const t = cells[i]!;
          if (source.missing.has(t)) continue;
          const v = parseNumeric(t);
          if (v < col.low || v > col.high) {
            col.count++;
            if (col.rows.length < evidenceRows) col.rows.push(chunk.offset + i);
          }
        }
      }
    }
  }
  return { k, columns: cols.map(({ name, low, high, count, rows }) => ({ name, low, high, count, rows })) };
}
