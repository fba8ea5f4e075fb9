import { result, type Check, type CheckContext, type CheckResult, type Severity, notRunResult } from '../check.js';

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
    return result(
      this.id,
      this.severity,
      bad.length === 0,
      hit.length === 0
        ? 'No numeric outliers.'
        : `${total} outlying value(s) in ${hit.length} column(s); ${bad.length} column(s) above ` +
            `${(100 * this.options.maxFraction).toFixed(1)}%: ${bad.map((c) => c.name).join(', ') || 'none'}.`,
      {
        rows,
        columns: bad.map((c) => c.name),
        stats: { outliers: total, k: scan.k },
        items: hit.map((c) => ({ column: c.name, low: c.low, high: c.high, count: c.count, fraction: c.count / n, rows: c.rows.slice(0, 100) })),
      },
    );
  }
}
