import { result, type Check, type CheckContext, type CheckResult, type Severity, textInputs } from '../check.js';

/** Options of the `EmptyTextsCheck`. */
export interface EmptyTextsOptions {
  readonly severity: Severity;
  /** Fails when empty texts exceed this share of rows; default 0. */
  readonly maxFraction: number;
}

/**
 * `empty_texts`: rows whose text is empty or white space only (a model sees nothing but padding
 * there). Evidence rows are those rows; items give their source line.
 *
 * @example
 * ```ts
 * new EmptyTextsCheck().run(ctx).evidence.items; // [{ row: 12, line: 14 }]
 * ```
 */
export class EmptyTextsCheck implements Check {
  readonly id = 'empty_texts';
  readonly severity: Severity;
  readonly options: EmptyTextsOptions;

  constructor(options: Partial<EmptyTextsOptions> = {}) {
    this.options = Object.freeze({ severity: 'warning', maxFraction: 0, ...options });
    this.severity = this.options.severity;
  }

  run(ctx: CheckContext): CheckResult {
    const inputs = textInputs(this, ctx);
    if (inputs.notRun) return inputs.notRun;
    const scan = inputs.train;
    const rows: number[] = [];
    scan.empty.forEach((e, r) => (e === 1 ? rows.push(r) : 0));
    const n = Math.max(1, scan.rows);
    return result(
      this.id,
      this.severity,
      rows.length / n <= this.options.maxFraction,
      rows.length === 0 ? `No empty texts in column "${scan.column}".` : `${rows.length} text(s) in column "${scan.column}" are empty or white space only.`,
      {
        rows: rows.slice(0, 1000),
        columns: [scan.column],
        stats: { empty: rows.length, fraction: rows.length / n },
        items: rows.slice(0, 100).map((row) => ({ row, line: scan.lines[row]! })),
      },
    );
  }
}
