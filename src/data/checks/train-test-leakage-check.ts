import { result, type Check, type CheckContext, type CheckResult, type Severity, notRunResult, NOT_RUN_REASONS } from '../check.js';

/** Options of the `TrainTestLeakageCheck`. */
export interface TrainTestLeakageOptions {
  readonly severity: Severity;
  /** Fails when leaked test rows exceed this share of the test set; default 0. */
  readonly maxFraction: number;
  /** Count near-duplicates (numbers equal to about 4 significant digits, see `nearBits`); default true. */
  readonly near: boolean;
}

/**
 * `train_test_leakage`: test rows whose features exactly or nearly repeat a training row.
 * Evidence rows are test-set row indices; items pair them with the training row.
 *
 * @example
 * ```ts
 * new TrainTestLeakageCheck({ near: false }).run(ctx);
 * ```
 */
export class TrainTestLeakageCheck implements Check {
  readonly id = 'train_test_leakage';
  readonly severity: Severity;
  readonly options: TrainTestLeakageOptions;

  constructor(options: Partial<TrainTestLeakageOptions> = {}) {
    this.options = Object.freeze({ severity: 'error', maxFraction: 0, near: true, ...options });
    this.severity = this.options.severity;
  }

  run(ctx: CheckContext): CheckResult {
    const leak = ctx.test?.leakage;
    if (ctx.test === undefined || leak === undefined) return notRunResult(this.id, this.severity, NOT_RUN_REASONS.noTest);
    const near = this.options.near ? leak.near : 0;
    const count = leak.exact + near;
    const n = ctx.test.rowCount;
    const pairs = [...leak.exactPairs.map((p) => ({ testRow: p[0], trainRow: p[1], kind: 'exact' }))];
    if (this.options.near) pairs.push(...leak.nearPairs.map((p) => ({ testRow: p[0], trainRow: p[1], kind: 'near' })));
    return result(
      this.id,
      this.severity,
      count / n <= this.options.maxFraction,
      count === 0
        ? 'No test row repeats a training row.'
        : `${count} test row(s) (${((100 * count) / n).toFixed(2)}%) repeat training rows: ${leak.exact} exact, ${near} near.`,
      {
        rows: pairs.map((p) => p.testRow).sort((a, b) => a - b).slice(0, 1000),
        stats: { exact: leak.exact, near, fraction: count / n },
        items: pairs.slice(0, 100),
      },
    );
  }
}
