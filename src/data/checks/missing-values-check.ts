import { result, type Check, type CheckContext, type CheckResult, type Severity } from '../check.js';

/** Options of the `MissingValuesCheck`. */
export interface MissingValuesOptions {
  readonly severity: Severity;
  /** A column fails when its share of missing cells exceeds this; default 0 (any missing cell). */
  readonly maxFraction: number;
}

/**
 * `missing_values`: columns (target included) with missing cells.
 *
 * @example
 * ```ts
 * new MissingValuesCheck({ maxFraction: 0.05 }).run(ctx).passed;
 * ```
 */
export class MissingValuesCheck implements Check {
  readonly id = 'missing_values';
  readonly severity: Severity;
  readonly options: MissingValuesOptions;

  constructor(options: Partial<MissingValuesOptions> = {}) {
    this.options = Object.freeze({ severity: 'warning', maxFraction: 0, ...options });
    this.severity = this.options.severity;
  }

  run(ctx: CheckContext): CheckResult {
    const n = ctx.train.rowCount;
    const cols = ctx.train.columns.filter((c) => c.missing > 0);
    const bad = cols.filter((c) => c.missing / n > this.options.maxFraction);
    const rows = [...new Set(cols.flatMap((c) => c.missingRows))].sort((a, b) => a - b).slice(0, 1000);
    const total = cols.reduce((s, c) => s + c.missing, 0);
    const summary =
      cols.length === 0
        ? 'No missing cells.'
        : `${total} missing cell(s) in ${cols.length} column(s): ` +
          cols.map((c) => `${c.name} ${(100 * c.missing / n).toFixed(2)}%`).join(', ') + '.';
    return result(this.id, this.severity, bad.length === 0, summary, {
      rows,
      columns: bad.map((c) => c.name),
      stats: { missingCells: total, cells: n * ctx.train.columns.length },
      items: cols.map((c) => ({ column: c.name, missing: c.missing, fraction: c.missing / n, rows: c.missingRows.slice(0, 100) })),
    });
  }
}
