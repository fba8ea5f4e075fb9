import type { FeatureMatrix } from '../core/index.js';
import type { DataSource } from './data-source.js';
import { Preprocessor, type ColumnTransform } from './preprocessor.js';
import type { DatasetProfile } from './profile-dataset.js';

/** Options of {@link standardizedFeatures}. */
export interface FeatureMatrixOptions {
  /** Text columns with at most this many distinct values are one-hot encoded; default 32 (0 = drop text). */
  readonly maxCategories?: number;
}

/**
 * Streams a data source once more into a standardized float32 {@link FeatureMatrix} (feature names included) for model fitting: numeric
 * feature columns become (v − mean) / std (missing or unparsable → 0, the mean), low-cardinality
 * text columns become one-hot blocks, constant columns and the target are left out. Uses the
 * means and deviations of the profile from the first pass.
 *
 * @example
 * ```ts
 * const profile = await profileDataset(src, { target: 'y' });
 * const x = featureTensor(await standardizedFeatures(src, profile));
 * ```
 */
export async function standardizedFeatures(
  source: DataSource,
  profile: DatasetProfile,
  options: FeatureMatrixOptions = {},
): Promise<FeatureMatrix<Float32Array>> {
  const maxCategories = options.maxCategories ?? 32;
  const columns: ColumnTransform[] = [];
  for (const c of profile.columns) {
    if (c.name === profile.target || c.present === 0) continue;
    if (c.type === 'number') {
      if (c.std > 0) columns.push({ name: c.name, kind: 'numeric', mean: c.mean, std: c.std });
      continue;
    }
    const counts = c.counts;
    if (counts === undefined || counts.size < 2 || counts.size > maxCategories) continue;
    columns.push({ name: c.name, kind: 'categorical', categories: [...counts.keys()].map(String) });
  }
  // Keel's one encoder, fitted from the profile's statistics; unparsable or missing cells → the mean.
  const pre = Preprocessor.fromColumns(columns, profile.target ?? '');
  const d = pre.width;
  const data = new Float32Array(profile.rowCount * d);
  for await (const chunk of source.chunks()) {
    const { x } = pre.transformColumns(source.name, source.columns, chunk.cells, chunk.length, { invalid: 'mean', missing: source.missing });
    data.set(x, chunk.offset * d);
  }
  return { rows: profile.rowCount, cols: d, data, features: pre.featureNames };
}
