import { result, type Check, type CheckContext, type CheckResult, type Severity, textInputs } from '../check.js';
import { matchAcross, NEAR_COPY_SIMILARITY, type TextMatch } from '../minhash.js';

/** Options of the `TextLeakageCheck`. */
export interface TextLeakageOptions {
  readonly severity: Severity;
  /** Smallest estimated Jaccard similarity counted as the same text; default 0.8. */
  readonly threshold: number;
  /** Fails when leaked test texts exceed this share of the test rows; default 0. */
  readonly maxFraction: number;
}

/**
 * `text_leakage`: test texts that also occur in the training split, exactly (after
 * normalization) or nearly (MinHash similarity ≥ `threshold`) — a test score over them measures
 * memory, not generalization. Evidence rows are test rows; items name the training row.
 *
 * @example
 * ```ts
 * new TextLeakageCheck().run(ctx).evidence.items; // [{ testRow, trainRow, similarity, text }]
 * ```
 */
export class TextLeakageCheck implements Check {
  readonly id = 'text_leakage';
  readonly severity: Severity;
  readonly options: TextLeakageOptions;

  constructor(options: Partial<TextLeakageOptions> = {}) {
    this.options = Object.freeze({ severity: 'error', threshold: NEAR_COPY_SIMILARITY, maxFraction: 0, ...options });
    this.severity = this.options.severity;
  }

  run(ctx: CheckContext): CheckResult {
    const inputs = textInputs(this, ctx, true);
    if (inputs.notRun) return inputs.notRun;
    const { train, test } = inputs;
    const firstTrain = new Map<number, number>();
    train.exactKeys.forEach((k, r) => (Number.isNaN(k) || firstTrain.has(k) ? 0 : firstTrain.set(k, r)));
    const exact: TextMatch[] = [];
    const skip = Uint8Array.from(test.empty);
    test.exactKeys.forEach((k, row) => {
      const other = firstTrain.get(k);
      if (other === undefined) return;
      exact.push({ row, other, similarity: 1 });
      skip[row] = 1;
    });
    const near = matchAcross(train.signatures, train.rows, test.signatures, test.rows, this.options.threshold, train.empty, skip).map((m) => ({ ...m, similarity: Math.min(m.similarity, 0.999) }));
    const all = [...exact, ...near].sort((a, b) => a.row - b.row);
    const n = Math.max(1, test.rows);
    return result(
      this.id,
      this.severity,
      all.length / n <= this.options.maxFraction,
      all.length === 0
        ? 'No test text occurs in the training split.'
        : `${all.length} test text(s) (${((100 * all.length) / n).toFixed(1)}%) occur in the training split (${exact.length} exact, ${near.length} near with similarity ≥ ${this.options.threshold}).`,
      {
        rows: all.slice(0, 1000).map((m) => m.row),
        columns: [test.column],
        stats: { leaked: all.length, exact: exact.length, near: near.length, fraction: all.length / n },
        items: all.slice(0, 100).map((m) => ({
          testRow: m.row,
          testLine: test.lines[m.row]!,
          trainRow: m.other,
          trainLine: train.lines[m.other]!,
          similarity: m.similarity,
          text: test.previews[m.row]!,
          trainText: train.previews[m.other]!,
        })),
      },
    );
  }
}
