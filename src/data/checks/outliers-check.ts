import { result, type Check, type CheckContext, type CheckResult, type OutlierScan, type Severity, notRunResult } from '../check.js';
import { pixelCount, pixelIndex, pixelPlace, type PixelShape } from '../pixel-shape.js';

/** Options of the `OutliersCheck`. */
export interface OutliersOptions {
  readonly severity: Severity;
  /** Fence width: values outside [P10 − k·(P90−P10), P90 + k·(P90−P10)] are outliers; default 2. */
  readonly k: number;
  /** A column fails when its outlier share exceeds this; default 0.01. */
  readonly maxFraction: number;
}

/**
 * `outliers`: numeric values far outside the central 80% of a column (interdecile fences, robust
 * to the heavy but natural tails of real data). Needs a second streaming pass, which
 * {@link runChecks} performs when this check is enabled.
 *
 * @example
 * ```ts
 * new OutliersCheck({ k: 3 }).run(ctx).evidence.items; // per column: low/high fence, count
 * ```
 */
export class OutliersCheck implements Check {
  readonly id = 'outliers';
  readonly severity: Severity;
  readonly options: OutliersOptions;

  constructor(options: Partial<OutliersOptions> = {}) {
    this.options = Object.freeze({ severity: 'warning', k: 2, maxFraction: 0.01, ...options });
    this.severity = this.options.severity;
  }

  run(ctx: CheckContext): CheckResult {
    const scan = ctx.outliers;
    if (scan === undefined) return notRunResult(this.id, this.severity, 'no outlier scan was run');
    const n = ctx.train.rowCount;
    const hit = scan.columns.filter((c) => c.count > 0);
    const bad = hit.filter((c) => c.count / n > this.options.maxFraction);
    const rows = [...new Set(hit.flatMap((c) => c.rows))].sort((a, b) => a - b).slice(0, 1000);
    const total = hit.reduce((s, c) => s + c.count, 0);
    const above = `${(100 * this.options.maxFraction).toFixed(1)}%`;
    return result(
      this.id,
      this.severity,
      bad.length === 0,
      ctx.pixels !== undefined
        ? pixelOutlierSummary(hit, bad.length, n, ctx.pixels, above)
        : hit.length === 0
          ? 'No numeric outliers.'
          : `${total} outlying value(s) in ${hit.length} column(s); ${bad.length} column(s) above ${above}: ${bad.map((c) => c.name).join(', ') || 'none'}.`,
      {
        rows,
        columns: bad.map((c) => c.name),
        stats: { outliers: total, k: scan.k },
        items: hit.map((c) => ({ column: c.name, low: c.low, high: c.high, count: c.count, fraction: c.count / n, rows: c.rows.slice(0, 100) })),
      },
    );
  }
}

/** Outliers of pixel columns summarized per image: how many pixels have any, how many too many, and where the most are. */
function pixelOutlierSummary(hit: OutlierScan['columns'], bad: number, rows: number, shape: PixelShape, above: string): string {
  if (hit.length === 0) return `No outlying values in any of ${pixelCount(shape)}.`;
  const top = hit.reduce((best, c) => (c.count > best.count ? c : best));
  const total = hit.reduce((s, c) => s + c.count, 0);
  return (
    `${total} outlying value(s) in ${hit.length} of ${pixelCount(shape)}, ${bad} of them in more than ${above} of the rows; ` +
    `most at ${pixelPlace(pixelIndex(top.name), shape)} (${((100 * top.count) / Math.max(1, rows)).toFixed(1)}% of rows); see the pixel outlier heatmap.`
  );
}
