/**
 * Pre-processing by reweighing (Kamiran & Calders, 2012): instance weights that make the label
 * statistically independent of the sensitive groups while keeping the total weight.
 * @module
 */
import { DataError } from '../core/index.js';
import { groupRows } from './groups.js';
import { resolveWeights } from './validation.js';
import type { Column, FeatureTable, Label } from './types.js';

/** Options of {@link reweighing}. */
export interface ReweighingOptions {
  readonly features: FeatureTable;
  readonly sensitiveFeatures: string | readonly string[];
  /** Existing weights to adjust (default all ones). */
  readonly sampleWeight?: Column<number> | undefined;
}

/** The factor applied to one (group, label) cell. */
export interface ReweighingCell {
  readonly group: string;
  readonly label: Label;
  /** Weight of the cell before reweighing. */
  readonly weight: number;
  /** P(group) · P(label) / P(group, label). */
  readonly factor: number;
}

/** Result of {@link reweighing}. */
export interface ReweighingResult {
  /** New weight per row; sums to the original total. */
  readonly weights: Float64Array;
  readonly cells: readonly ReweighingCell[];
}

/**
 * Weights w(g, y) = P(g)·P(y) / P(g, y) times the existing weight. Under them every group has the
 * same weighted rate of every label. Throws `EMPTY_CELL` when a group lacks a label entirely
 * (no weighting can fix that).
 *
 * @example
 * ```ts
 * const { weights } = reweighing(yTrain, { features: { sex }, sensitiveFeatures: 'sex' });
 * model.fit(X, yTrain, weights);
 * ```
 */
export function reweighing(yTrue: Column, options: ReweighingOptions): ReweighingResult {
  const n = yTrue.length;
  const base = resolveWeights(options.sampleWeight, n);
  const groups = groupRows(options.features, options.sensitiveFeatures, n);
  const labels = [...new Set(Array.from({ length: n }, (_, i) => yTrue[i]!))];
  const labelIndex = new Map(labels.map((l, k) => [l, k]));
  const nl = labels.length;
  const cell = new Float64Array(groups.groups.length * nl);
  const byGroup = new Float64Array(groups.groups.length);
  const byLabel = new Float64Array(nl);
  let total = 0;
  const cellOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const g = groups.assignment[i]!;
    const l = labelIndex.get(yTrue[i]!)!;
    cellOf[i] = g * nl + l;
    cell[g * nl + l]! += base[i]!;
    byGroup[g]! += base[i]!;
    byLabel[l]! += base[i]!;
    total += base[i]!;
  }
  const factors = new Float64Array(cell.length);
  const cells: ReweighingCell[] = [];
  groups.groups.forEach((group, g) => {
    labels.forEach((label, l) => {
      const c = cell[g * nl + l]!;
      const expected = (byGroup[g]! * byLabel[l]!) / total;
      if (c === 0 && expected > 0) {
        throw new DataError(
          'EMPTY_CELL',
          `Group ${group.label} has no rows with label ${String(label)}, so no weighting can make the label ` +
            'independent of the group. Merge small groups or collect more data.',
          { group: group.label, label },
        );
      }
      const factor = c > 0 ? expected / c : 1;
      factors[g * nl + l] = factor;
      if (byGroup[g]! > 0) cells.push({ group: group.label, label, weight: c, factor });
    });
  });
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) weights[i] = base[i]! * factors[cellOf[i]!]!;
  return { weights, cells };
}
