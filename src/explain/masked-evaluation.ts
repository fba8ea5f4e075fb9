import { UsageError } from '../core/index.js';
import { resolveBaseline } from './baselines.js';
import type { AttributeOptions } from './explainer.js';
import type { ForwardModel } from './explain-model.js';
import { f32, rowsOf, rowSize, type F32 } from './rows.js';

/** What "absent" means for a masked element: the row's baseline, or the mean over background rows. */
export interface Reference {
  readonly rows: F32;
  /** True: row i of `rows` is the reference of input row i. False: every input uses all rows (averaged). */
  readonly perRow: boolean;
}

/** The reference of an attribute call: `background` data when given, else the resolved baselines. */
export function referenceFor(x: F32, opts: AttributeOptions, background?: F32): Reference {
  if (background) {
    if (background.shape.length !== x.shape.length || background.shape.slice(1).some((d, i) => d !== x.shape[i + 1])) {
      throw new UsageError('EXPLAIN_BASELINE_SHAPE', `background shape [${background.shape.join(', ')}] does not fit input rows [${x.shape.slice(1).join(', ')}]`, { expected: x.shape, actual: background.shape });
    }
    return { rows: background, perRow: false };
  }
  return { rows: resolveBaseline(opts.baselines, x), perRow: true };
}

/** Features as groups of row elements: `index[e]` = feature of element e, features 0..count-1. */
export interface FeatureGroups {
  readonly count: number;
  readonly index: Int32Array;
}

/** Checks and compacts a feature mask (default: one feature per element). */
export function featureGroups(mask: Int32Array | undefined, elements: number): FeatureGroups {
  if (!mask) return { count: elements, index: Int32Array.from({ length: elements }, (_, i) => i) };
  if (mask.length !== elements) throw new UsageError('EXPLAIN_FEATURE_MASK', `featureMask has ${mask.length} entries, expected one per element of a row (${elements})`, { expected: elements, actual: mask.length });
  const ids = [...new Set(mask)].sort((a, b) => a - b);
  const remap = new Map(ids.map((id, i) => [id, i]));
  return { count: ids.length, index: Int32Array.from(mask, (v) => remap.get(v)!) };
}

/** Element masks (1 = keep the input) for K coalitions given as feature masks [K, M]. */
export function elementMasks(coalitions: Uint8Array, k: number, groups: FeatureGroups): Uint8Array {
  const r = groups.index.length;
  const out = new Uint8Array(k * r);
  for (let c = 0; c < k; c++) for (let e = 0; e < r; e++) out[c * r + e] = coalitions[c * groups.count + groups.index[e]!]!;
  return out;
}

/**
 * Model output[target] for every input row × masked variant, averaged over reference rows:
 * returns [N, K] values, evaluated in batches of `batchSize` model rows.
 */
export async function evaluateMasked(model: ForwardModel, x: F32, ref: Reference, target: Int32Array, masks: Uint8Array, k: number, batchSize: number): Promise<Float64Array> {
  const n = rowsOf(x);
  const r = rowSize(x);
  const b = ref.perRow ? 1 : rowsOf(ref.rows);
  const total = n * k * b;
  const out = new Float64Array(n * k);
  const chunk = Math.max(1, batchSize);
  for (let p0 = 0; p0 < total; p0 += chunk) {
    const m = Math.min(chunk, total - p0);
    const data = new Float32Array(m * r);
    for (let j = 0; j < m; j++) {
      const p = p0 + j;
      const bi = p % b;
      const c = Math.floor(p / b) % k;
      const i = Math.floor(p / (b * k));
      const xo = i * r;
      const ro = (ref.perRow ? i : bi) * r;
      const mo = c * r;
      for (let e = 0; e < r; e++) data[j * r + e] = masks[mo + e] ? x.data[xo + e]! : ref.rows.data[ro + e]!;
    }
    const y = await model.forward(f32([m, ...x.shape.slice(1)], data));
    const cols = model.classes;
    for (let j = 0; j < m; j++) {
      const p = p0 + j;
      const i = Math.floor(p / (b * k));
      out[Math.floor(p / b)]! += y.data[j * cols + target[i]!]! / b;
    }
  }
  return out;
}

/** Spreads per-feature values [N, M] onto the elements of each row (input shape). */
export function spreadFeatures(values: Float64Array, groups: FeatureGroups, shape: readonly number[]): F32 {
  const out = f32(shape);
  const r = groups.index.length;
  const n = out.data.length / Math.max(1, r);
  for (let i = 0; i < n; i++) for (let e = 0; e < r; e++) out.data[i * r + e] = values[i * groups.count + groups.index[e]!]!;
  return out;
}
