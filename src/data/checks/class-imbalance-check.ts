import { result, type Check, type CheckContext, type CheckResult, type Severity, notRunResult } from '../check.js';

/** Options of the `ClassImbalanceCheck`. */
export interface ClassImbalanceOptions {
  readonly severity: Severity;
  /** Fails when minority / majority class count is below this; default 0.2. */
  readonly minRatio: number;
}

/**
 * `class_imbalance`: the rarest class against the most common one. Items list each class's
 * count, share and the "balanced" class weight n / (k · n_c).
 *
 * @example
 * ```ts
 * new ClassImbalanceCheck({ minRatio: 0.1 }).run(ctx);
 * ```
 */
export class ClassImbalanceCheck implements Check {
  readonly id = 'class_imbalance';
  readonly severity: Severity;
  readonly options: ClassImbalanceOptions;

  constructor(options: Partial<ClassImbalanceOptions> = {}) {
    this.options = Object.freeze({ severity: 'warning', minRatio: 0.2, ...options });
    this.severity = this.options.severity;
  }

  run(ctx: CheckContext): CheckResult {
    const labels = ctx.train.labels;
    if (labels === undefined) return notRunResult(this.id, this.severity, 'no target column given');
    const total = labels.counts.reduce((s, v) => s + v, 0);
    const k = labels.classes.length;
    let lo = 0;
    let hi = 0;
    labels.counts.forEach((c, i) => {
      if (c < labels.counts[lo]!) lo = i;
      if (c > labels.counts[hi]!) hi = i;
    });
    const ratio = labels.counts[lo]! / labels.counts[hi]!;
    return result(
      this.id,
      this.severity,
      ratio >= this.options.minRatio,
      `Rarest class "${labels.classes[lo]}" has ${labels.counts[lo]} rows, ` +
        `${(ratio * 100).toFixed(1)}% of the largest class "${labels.classes[hi]}" (${labels.counts[hi]}).`,
      {
        columns: ctx.target === undefined ? [] : [ctx.target],
        stats: { ratio, classes: k, minority: labels.counts[lo]!, majority: labels.counts[hi]! },
        items: labels.classes.map((c, i) => ({
          class: c,
          count: labels.counts[i]!,
          fraction: labels.counts[i]! / total,
          weight: total / (k * Math.max(1, labels.counts[i]!)),
        })),
      },
    );
  }
}
