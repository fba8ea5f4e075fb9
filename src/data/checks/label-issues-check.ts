import { result, type Check, type CheckContext, type CheckResult, type Severity, notRunResult } from '../check.js';

/** Options of the `LabelIssuesCheck`. */
export interface LabelIssuesOptions {
  readonly severity: Severity;
  /** Fails when label issues exceed this share of rows; default 0.01. */
  readonly maxFraction: number;
}

/**
 * `label_issues`: rows whose given label confident learning finds implausible, ranked by
 * self-confidence (needs predicted probabilities). Stats include the estimated noise rate;
 * items list the off-diagonal noise matrix entries P(given | true).
 *
 * @example
 * ```ts
 * new LabelIssuesCheck({ maxFraction: 0.05 }).run(ctx).evidence.rows; // most suspicious first
 * ```
 */
export class LabelIssuesCheck implements Check {
  readonly id = 'label_issues';
  readonly severity: Severity;
  readonly options: LabelIssuesOptions;

  constructor(options: Partial<LabelIssuesOptions> = {}) {
    this.options = Object.freeze({ severity: 'error', maxFraction: 0.01, ...options });
    this.severity = this.options.severity;
  }

  run(ctx: CheckContext): CheckResult {
    const r = ctx.labelIssues;
    const classes = ctx.train.labels?.classes ?? [];
    if (r === undefined) return notRunResult(this.id, this.severity, 'no predicted probabilities given (pass --probs, or --folds K to compute them by cross-validation)');
    const n = ctx.train.rowCount;
    const items = [];
    for (let i = 0; i < r.noiseMatrix.length; i++) {
      for (let j = 0; j < r.noiseMatrix.length; j++) {
        const rate = r.noiseMatrix[i]![j]!;
        if (i !== j && rate >= 0.005) items.push({ given: classes[i] ?? String(i), true: classes[j] ?? String(j), rate });
      }
    }
    return result(
      this.id,
      this.severity,
      r.issues.length / n <= this.options.maxFraction,
      `${r.issues.length} likely label error(s) (${((100 * r.issues.length) / n).toFixed(2)}%); ` +
        `estimated noise rate ${(100 * r.noiseRate).toFixed(2)}%.`,
      {
        rows: r.issues.slice(0, 1000),
        columns: ctx.target === undefined ? [] : [ctx.target],
        stats: { issues: r.issues.length, fraction: r.issues.length / n, noiseRate: r.noiseRate },
        items: items.sort((a, b) => b.rate - a.rate).slice(0, 100),
      },
    );
  }
}
