import type { ColumnProfile } from '../column-accumulator.js';
import { pixelCount, pixelIndex, pixelPlace, type PixelShape } from '../pixel-shape.js';
import { featureColumns, result, type Check, type CheckContext, type CheckResult, type EvidenceValue, type Severity, notRunResult, NOT_RUN_REASONS } from '../check.js';
import {
  adjustPValues,
  chiSquareHomogeneity,
  ksTwoSample,
  populationStabilityIndex,
  quantileSorted,
  type Correction,
} from '../statistics.js';

/** Options of the `FeatureDriftCheck`. */
export interface FeatureDriftOptions {
  readonly severity: Severity;
  /** Significance level after correction; default 0.05. */
  readonly alpha: number;
  /** Multiple-testing correction over features; default `holm` (family-wise error ≤ alpha). */
  readonly correction: Correction;
  /** Also require PSI ≥ this to flag a feature; default 0 (p-value only). */
  readonly minPsi: number;
  /** Quantile bins for the numeric PSI; default 10. */
  readonly bins: number;
}

function binShares(sorted: Float64Array, edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  let b = 0;
  for (const v of sorted) {
    while (b < edges.length && v > edges[b]!) b++;
    counts[b]!++;
  }
  return counts.map((c) => c / Math.max(1, sorted.length));
}

/** Numeric PSI with bins at the training sample's quantiles. */
export function numericPsi(train: Float64Array, test: Float64Array, bins: number): number {
  const edges = [...new Set(Array.from({ length: bins - 1 }, (_, i) => quantileSorted(train, (i + 1) / bins)))];
  return populationStabilityIndex(binShares(train, edges), binShares(test, edges));
}

/** One drift comparison between two column profiles (numeric: KS; categorical: chi-square). */
export function compareColumns(
  a: ColumnProfile,
  b: ColumnProfile,
  bins: number,
): { test: string; statistic: number; pValue: number; psi: number } | undefined {
  if (a.type === 'number' && b.type === 'number') {
    if (a.sample.length < 2 || b.sample.length < 2) return undefined;
    const ks = ksTwoSample(a.sample, b.sample);
    return { test: 'ks', statistic: ks.statistic, pValue: ks.pValue, psi: numericPsi(a.sample, b.sample, bins) };
  }
  if (a.counts === undefined || b.counts === undefined) return undefined;
  const keys = [...new Set([...a.counts.keys(), ...b.counts.keys()].map(String))];
  const toText = (m: ReadonlyMap<string | number, number>): Map<string, number> => {
    const out = new Map<string, number>();
    for (const [k, v] of m) out.set(String(k), (out.get(String(k)) ?? 0) + v);
    return out;
  };
  const am = toText(a.counts);
  const bm = toText(b.counts);
  const ca = keys.map((k) => am.get(k) ?? 0);
  const cb = keys.map((k) => bm.get(k) ?? 0);
  const chi = chiSquareHomogeneity(ca, cb);
  const na = ca.reduce((s, v) => s + v, 0);
  const nb = cb.reduce((s, v) => s + v, 0);
  const psi = populationStabilityIndex(ca.map((v) => v / Math.max(1, na)), cb.map((v) => v / Math.max(1, nb)));
  return { test: 'chi2', statistic: chi.statistic, pValue: chi.pValue, psi };
}

/**
 * `feature_drift`: per feature, train vs test — two-sample Kolmogorov–Smirnov for numbers,
 * chi-square for categories — with p-values corrected for the number of features (Holm by
 * default, so on two halves of the same data any false alarm happens with probability ≤ alpha),
 * plus the population stability index as an effect size.
 *
 * @example
 * ```ts
 * new FeatureDriftCheck({ alpha: 0.01, correction: 'bh' }).run(ctx).evidence.columns; // drifted
 * ```
 */
export class FeatureDriftCheck implements Check {
  readonly id = 'feature_drift';
  readonly severity: Severity;
  readonly options: FeatureDriftOptions;

  constructor(options: Partial<FeatureDriftOptions> = {}) {
    this.options = Object.freeze({ severity: 'warning', alpha: 0.05, correction: 'holm' as const, minPsi: 0, bins: 10, ...options });
    this.severity = this.options.severity;
  }

  run(ctx: CheckContext): CheckResult {
    const test = ctx.test;
    if (test === undefined) return notRunResult(this.id, this.severity, NOT_RUN_REASONS.noTest);
    const rows: { column: string; test: string; statistic: number; pValue: number; psi: number }[] = [];
    for (const a of featureColumns(ctx.train)) {
      const b = test.columns.find((c) => c.name === a.name);
      if (b === undefined) continue;
      const r = compareColumns(a, b, this.options.bins);
      if (r !== undefined) rows.push({ column: a.name, ...r });
    }
    const adj = adjustPValues(rows.map((r) => r.pValue), this.options.correction);
    const items: Record<string, EvidenceValue>[] = rows.map((r, i) => ({
      ...r,
      adjustedPValue: adj[i]!,
      drifted: adj[i]! < this.options.alpha && r.psi >= this.options.minPsi,
    }));
    const drifted = items.filter((i) => i.drifted === true).map((i) => String(i.column));
    const at = `alpha = ${this.options.alpha} (${this.options.correction})`;
    const summary =
      ctx.pixels !== undefined
        ? pixelDriftSummary(rows, drifted.length, ctx.pixels, at)
        : drifted.length === 0
          ? `No drift in ${rows.length} feature(s) at ${at}.`
          : `${drifted.length} of ${rows.length} feature(s) drifted: ${drifted.join(', ')}.`;
    return result(this.id, this.severity, drifted.length === 0, summary, { columns: drifted, stats: { tested: rows.length, drifted: drifted.length, alpha: this.options.alpha }, items });
  }
}

/** Drift of pixel columns (`x0`, `x1`, … in CHW order) summarized per image: how many pixels drifted and where the strongest one is. */
function pixelDriftSummary(rows: readonly { column: string; statistic: number }[], drifted: number, shape: PixelShape, at: string): string {
  const top = rows.reduce<{ column: string; statistic: number } | undefined>((best, r) => (best === undefined || r.statistic > best.statistic ? r : best), undefined);
  const strongest = top === undefined ? '' : `, strongest at ${pixelPlace(pixelIndex(top.column), shape)} (KS D ${top.statistic.toFixed(2)})`;
  const tested = rows.length === shape.channels * shape.height * shape.width ? '' : ` (${rows.length} tested)`;
  return drifted === 0
    ? `No drift in any of ${pixelCount(shape)}${tested} at ${at}${strongest}; see the pixel drift heatmap.`
    : `Drift in ${drifted} of ${pixelCount(shape)}${tested} at ${at}${strongest}; see the pixel drift heatmap.`;
}
