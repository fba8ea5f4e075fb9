import { result, type Check, type CheckContext, type CheckResult, type Severity, textInputs } from '../check.js';
import { nearDuplicateTexts, NEAR_COPY_SIMILARITY, type TextMatch } from '../minhash.js';
import type { TextScan } from '../text-scan.js';

/** Options of the `DuplicateTextsCheck`. */
export interface DuplicateTextsOptions {
  readonly severity: Severity;
  /** Smallest estimated Jaccard similarity of character 5-gram sets counted as a near copy; default 0.8. */
  readonly threshold: number;
  /** Fails when copies exceed this share of rows; default 0. */
  readonly maxFraction: number;
}

/** Later rows whose normalized text equals an earlier row's (similarity 1). */
export function exactTextCopies(scan: TextScan): TextMatch[] {
  const first = new Map<number, number>();
  const out: TextMatch[] = [];
  scan.exactKeys.forEach((k, row) => {
    if (Number.isNaN(k)) return;
    const f = first.get(k);
    if (f === undefined) first.set(k, row);
    else out.push({ row, other: f, similarity: 1 });
  });
  return out;
}

/**
 * `duplicate_texts`: texts that repeat an earlier text of the training split, exactly (same text
 * after NFKC, lower case and white-space normalization) or nearly (MinHash estimate of the
 * Jaccard similarity of character 5-gram sets ≥ `threshold`). Evidence rows are the later
 * copies; items pair each with its earlier text and give the similarity.
 *
 * @example
 * ```ts
 * new DuplicateTextsCheck({ threshold: 0.9 }).run(ctx).evidence.items; // [{ row, duplicateOf, similarity, text, duplicateText }]
 * ```
 */
export class DuplicateTextsCheck implements Check {
  readonly id = 'duplicate_texts';
  readonly severity: Severity;
  readonly options: DuplicateTextsOptions;

  constructor(options: Partial<DuplicateTextsOptions> = {}) {
    this.options = Object.freeze({ severity: 'warning', threshold: NEAR_COPY_SIMILARITY, maxFraction: 0, ...options });
    this.severity = this.options.severity;
  }

  run(ctx: CheckContext): CheckResult {
    const inputs = textInputs(this, ctx);
    if (inputs.notRun) return inputs.notRun;
    const scan = inputs.train;
    const exact = exactTextCopies(scan);
    const skip = Uint8Array.from(scan.empty);
    for (const m of exact) skip[m.row] = 1;
    const near = nearDuplicateTexts(scan.signatures, scan.rows, this.options.threshold, skip).map((m) => ({ ...m, similarity: Math.min(m.similarity, 0.999) }));
    const all = [...exact, ...near].sort((a, b) => a.row - b.row);
    const n = Math.max(1, scan.rows);
    return result(
      this.id,
      this.severity,
      all.length / n <= this.options.maxFraction,
      all.length === 0
        ? 'No duplicate texts.'
        : `${all.length} text(s) repeat an earlier text (${exact.length} exact after normalization, ${near.length} near copies with similarity ≥ ${this.options.threshold}).`,
      {
        rows: all.slice(0, 1000).map((m) => m.row),
        columns: [scan.column],
        stats: { duplicates: all.length, exact: exact.length, near: near.length, fraction: all.length / n },
        items: all.slice(0, 100).map((m) => ({
          row: m.row,
          line: scan.lines[m.row]!,
          duplicateOf: m.other,
          similarity: m.similarity,
          text: scan.previews[m.row]!,
          duplicateText: scan.previews[m.other]!,
        })),
      },
    );
  }
}
