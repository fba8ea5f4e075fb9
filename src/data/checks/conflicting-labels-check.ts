import { result, type Check, type CheckContext, type CheckResult, type Severity, notRunResult } from '../check.js';

/** Options of the `ConflictingLabelsCheck`. */
export interface ConflictingLabelsOptions {
  readonly severity: Severity;
  /** Fails when rows in conflicting groups exceed this share; default 0. */
  readonly maxFraction: number;
}

/**
 * `conflicting_labels`: groups of rows with identical features but different labels.
 *
 * @example
 * ```ts
 * new ConflictingLabelsCheck().run(ctx).evidence.items; // [{ rows: [3, 17], labels: ['a', 'b'] }]
 * ```
 */
export class ConflictingLabelsCheck implements Check {
  readonly id = 'conflicting_labels';
  readonly severity: Severity;
  readonly options: ConflictingLabelsOptions;

  constructor(options: Partial<ConflictingLabelsOptions> = {}) {
    this.options = Object.freeze({ severity: 'error', maxFraction: 0, ...options });
    this.severity = this.options.severity;
  }

  run(ctx: CheckContext): CheckResult {
    if (ctx.target === undefined) return notRunResult(this.id, this.severity, 'no target column given');
    const { groups, rows, examples } = ctx.train.conflicts;
    const n = ctx.train.rowCount;
    return result(
      this.id,
      this.severity,
      rows / n <= this.options.maxFraction,
      groups === 0
        ? 'No identical feature rows with different labels.'
        : `${groups} group(s) of identical features carry different labels (${rows} rows).`,
      {
        rows: [...new Set(examples.flatMap((g) => g.rows))].sort((a, b) => a - b).slice(0, 1000),
        columns: [ctx.target],
        stats: { groups, rows, fraction: rows / n },
        items: examples.slice(0, 100).map((g) => ({ rows: g.rows, labels: g.labels })),
      },
    );
  }
}
