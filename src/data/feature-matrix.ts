import type { HostTensor } from '../core/index.js';
import { parseNumeric, type DataSource } from './data-source.js';
import type { DatasetProfile } from './profile-dataset.js';

/** A dense float32 design matrix built from a table, and what each column means. */
export interface FeatureMatrix {
  /** float32 [rows, features]. */
  readonly x: HostTensor;
  /** One name per feature: a numeric column, or `column=value` for a one-hot text value. */
  readonly features: readonly string[];
}

/** Options of {@link standardizedFeatures}. */
export interface FeatureMatrixOptions {
  /** Text columns with at most this many distinct values are one-hot encoded; default 32 (0 = drop text). */
  readonly maxCategories?: number;
}

interface Encoder {
  readonly column: number;
  readonly offset: number;
  readonly mean: number;
  readonly std: number;
  readonly levels: ReadonlyMap<string, number> | undefined;
}

/**
 * Streams a data source once more into a standardized float32 matrix for model fitting: numeric
 * feature columns become (v − mean) / std (missing or unparsable → 0, the mean), low-cardinality
 * text columns become one-hot blocks, constant columns and the target are left out. Uses the
 * means and deviations of the profile from the first pass.
 *
 * @example
 * ```ts
 * const profile = await profileDataset(src, { target: 'y' });
 * const { x } = await standardizedFeatures(src, profile);
 * ```
 */
export async function standardizedFeatures(
  source: DataSource,
  profile: DatasetProfile,
  options: FeatureMatrixOptions = {},
): Promise<FeatureMatrix> {
  const maxCategories = options.maxCategories ?? 32;
  const encoders: Encoder[] = [];
  const features: string[] = [];
  profile.columns.forEach((c, j) => {
    if (c.name === profile.target || c.present === 0) return;
    if (c.type === 'number') {
      if (!(c.std > 0)) return;
      encoders.push({ column: j, offset: features.length, mean: c.mean, std: c.std, levels: undefined });
      features.push(c.name);
      return;
    }
    const counts = c.counts;
    if (counts === undefined || counts.size < 2 || counts.size > maxCategories) return;
    const levels = new Map<string, number>();
    for (const v of counts.keys()) {
      levels.set(String(v), levels.size);
      features.push(`${c.name}=${String(v)}`);
    }
    encoders.push({ column: j, offset: features.length - levels.size, mean: 0, std: 1, levels });
  });
  const d = features.length;
  const data = new Float32Array(profile.rowCount * d);
  for await (const chunk of source.chunks()) {
    for (const e of encoders) {
      const cells = chunk.cells[e.column]!;
      for (let i = 0; i < chunk.length; i++) {
        const base = (chunk.offset + i) * d + e.offset;
        const t = cells[i]!;
        if (e.levels !== undefined) {
          const level = source.missing.has(t) ? undefined : e.levels.get(t);
          if (level !== undefined) data[base + level] = 1;
          continue;
        }
        const v = source.missing.has(t) ? Number.NaN : parseNumeric(t);
        data[base] = Number.isFinite(v) ? (v - e.mean) / e.std : 0;
      }
    }
  }
  return { x: { dtype: 'float32', shape: [profile.rowCount, d], data }, features };
}
