import { result, type Check, type CheckContext, type CheckResult, type Severity } from '../check.js';

/** Options of the `DuplicatesCheck`. */
export interface DuplicatesOptions {
  readonly severity: Severity;
  /** Fails when duplicate rows exceed this share of rows; default 0. */
  readonly maxFraction: number;
}

/**
 * `duplicates`: rows identical (features and label; numbers compared by value) to an earlier row.
 * Evidence rows are the later copies; items pair each with the first occurrence.
 *
 * @example
 * ```ts
 * new DuplicatesCheck().run(ctx).evidence.rows; // rows a dedupe would drop
 * ```
 */
export class DuplicatesCheck implements Check {
  readonly id = 'duplicates';
  readonly severity: Severity;
  readonly options: DuplicatesOptions;

  constructor(options: Partial<DuplicatesOptions> = {}) {
    this.options = Object.freeze({ severity: 'warning', maxFraction: 0, ...options });
    this.severity = this.options.severity;
  }

  run(ctx: CheckContext): CheckResult {
    const { count, pairs } = ctx.train.duplicates;
    const n = ctx.train.rowCount;
    return result(
      this.id,
      this.severity,
      count / n <= this.options.maxFraction,
      count === 0 ? 'No duplicate rows.' : `${count} row(s) (${((100 * count) / n).toFixed(2)}%) repeat an earlier row.`,
      {
        rows: pairs.map((p) => p[0]),
        stats: { duplicates: count, fraction: count / n },
        items: pairs.slice(0, 100).map(([row, first]) => ({ row, duplicateOf: first })),
      },
    );
  }
}
