import { result, type Check, type CheckContext, type CheckResult, type Severity, notRunResult } from '../check.js';
import { chiSquareHomogeneity, populationStabilityIndex } from '../statistics.js';

/** Options of the `LabelDriftCheck`. */
export interface LabelDriftOptions {
  readonly severity: Severity;
  /** Significance level of the chi-square test; default 0.05. */
  readonly alpha: number;
}

/**
 * `label_drift`: whether the class distribution differs between train and test (chi-square test
 * of homogeneity; PSI reported as effect size).
 *
 * @example
 * ```ts
 * new LabelDriftCheck({ alpha: 0.01 }).run(ctx).evidence.stats.pValue;
 * ```
 */
export class LabelDriftCheck implements Check {
  readonly id = 'label_drift';
  readonly severity: Severity;
  readonly options: LabelDriftOptions;

  constructor(options: Partial<LabelDriftOptions> = {}) {
    this.options = Object.freeze({ severity: 'warning', alpha: 0.05, ...options });
    this.severity = this.options.severity;
  }

  run(ctx: CheckContext): CheckResult {
    const a = ctx.train.labels;
    const b = ctx.test?.labels;
    if (a === undefined || b === undefined) return notRunResult(this.id, this.severity, 'needs a target and a labelled test set');
    if (b.counts.every((n) => n === 0)) return notRunResult(this.id, this.severity, 'the test set has no labels');
    const classes = [...new Set([...a.classes, ...b.classes])];
    const count = (l: typeof a, c: string): number => {
      const i = l.classes.indexOf(c);
      return i < 0 ? 0 : l.counts[i]!;
    };
    const ca = classes.map((c) => count(a, c));
    const cb = classes.map((c) => count(b, c));
    const na = ca.reduce((s, v) => s + v, 0);
    const nb = cb.reduce((s, v) => s + v, 0);
    const chi = chiSquareHomogeneity(ca, cb);
    const psi = populationStabilityIndex(ca.map((v) => v / na), cb.map((v) => v / nb));
    const passed = chi.pValue >= this.options.alpha;
    return result(
      this.id,
      this.severity,
      passed,
      `Label distribution ${passed ? 'matches' : 'differs'} between train and test (chi² = ${chi.statistic.toFixed(2)}, p = ${chi.pValue.toPrecision(3)}).`,
      {
        columns: ctx.target === undefined ? [] : [ctx.target],
        stats: { statistic: chi.statistic, pValue: chi.pValue, df: chi.df, psi },
        items: classes.map((c, i) => ({ class: c, train: ca[i]! / na, test: cb[i]! / nb })),
      },
    );
  }
}
