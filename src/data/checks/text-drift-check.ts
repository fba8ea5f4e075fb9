import { result, type Check, type CheckContext, type CheckResult, type EvidenceValue, type Severity, textInputs } from '../check.js';
import { adjustPValues, chiSquareHomogeneity, ksTwoSample, type Correction } from '../statistics.js';
import type { TextScan } from '../text-scan.js';

/** Options of the `TextDriftCheck`. */
export interface TextDriftOptions {
  readonly severity: Severity;
  /** Significance level after correction; default 0.05. */
  readonly alpha: number;
  /** Correction over the length test and the word tests; default `holm`. */
  readonly correction: Correction;
  /** Most frequent words (both splits together) whose document frequency is compared; default 200. */
  readonly words: number;
}

/** Document frequency of each word of `scan` by text. */
function frequencies(scan: TextScan): Map<string, number> {
  const m = new Map<string, number>();
  scan.vocabulary.forEach((w, i) => m.set(w, scan.documentFrequency[i]!));
  return m;
}

function oovShare(train: Map<string, number>, test: TextScan): number {
  let tokens = 0;
  let unseen = 0;
  for (const ids of test.words) {
    for (const id of ids) {
      tokens++;
      if (!train.has(test.vocabulary[id]!)) unseen++;
    }
  }
  return unseen / Math.max(1, tokens);
}

/**
 * `text_drift`: whether test texts differ from training texts in length (two-sample KS on words
 * per text) or vocabulary (for each of the most frequent words, chi-square on the share of texts
 * containing it), with p-values corrected together (Holm by default, so two halves of the same
 * data raise a false alarm with probability ≤ alpha). Stats add the share of test words never
 * seen in training (out-of-vocabulary rate) and the median lengths.
 *
 * @example
 * ```ts
 * new TextDriftCheck({ alpha: 0.01 }).run(ctx).evidence.items; // [{ test: 'length', ... }, { test: 'word', word: 'free', ... }]
 * ```
 */
export class TextDriftCheck implements Check {
  readonly id = 'text_drift';
  readonly severity: Severity;
  readonly options: TextDriftOptions;

  constructor(options: Partial<TextDriftOptions> = {}) {
    this.options = Object.freeze({ severity: 'warning', alpha: 0.05, correction: 'holm' as const, words: 200, ...options });
    this.severity = this.options.severity;
  }

  run(ctx: CheckContext): CheckResult {
    const inputs = textInputs(this, ctx, true);
    if (inputs.notRun) return inputs.notRun;
    const { train, test } = inputs;
    const sorted = (s: TextScan): Float64Array => Float64Array.from(s.lengths).sort();
    const [la, lb] = [sorted(train), sorted(test)];
    const ks = ksTwoSample(la, lb);
    const fa = frequencies(train);
    const fb = frequencies(test);
    const top = [...new Set([...fa.keys(), ...fb.keys()])]
      .map((w) => ({ w, c: (fa.get(w) ?? 0) + (fb.get(w) ?? 0) }))
      .sort((x, y) => y.c - x.c || (x.w < y.w ? -1 : 1))
      .slice(0, this.options.words);
    const tests: Record<string, EvidenceValue>[] = [{ test: 'length', statistic: ks.statistic, pValue: ks.pValue }];
    for (const { w } of top) {
      const a = fa.get(w) ?? 0;
      const b = fb.get(w) ?? 0;
      const chi = chiSquareHomogeneity([a, train.rows - a], [b, test.rows - b]);
      tests.push({ test: 'word', word: w, trainShare: a / Math.max(1, train.rows), testShare: b / Math.max(1, test.rows), statistic: chi.statistic, pValue: chi.pValue });
    }
    const adj = adjustPValues(tests.map((t) => Number(t.pValue)), this.options.correction);
    const items: Record<string, EvidenceValue>[] = tests.map((t, i) => ({ ...t, adjustedPValue: adj[i]!, drifted: adj[i]! < this.options.alpha }));
    const lengthDrift = items[0]!['drifted'] === true;
    const words = items.filter((t) => t['test'] === 'word' && t['drifted'] === true).map((t) => String(t['word']));
    const oov = oovShare(fa, test);
    const median = (s: Float64Array): number => s[Math.floor(s.length / 2)] ?? 0;
    const parts = [lengthDrift ? `length drifted (median ${median(la)} → ${median(lb)} words, KS ${ks.statistic.toFixed(3)})` : '', words.length > 0 ? `${words.length} word(s) drifted: ${words.slice(0, 10).join(', ')}` : ''].filter((p) => p !== '');
    return result(
      this.id,
      this.severity,
      parts.length === 0,
      (parts.length === 0 ? `No length or vocabulary drift at alpha = ${this.options.alpha} (${this.options.correction}, ${top.length} words)` : parts.join('; ')) +
        `; ${(100 * oov).toFixed(1)}% of test words are unseen in training.`,
      {
        columns: [train.column],
        stats: { lengthKs: ks.statistic, lengthPValue: ks.pValue, medianTrainWords: median(la), medianTestWords: median(lb), oovRate: oov, driftedWords: words.length, alpha: this.options.alpha },
        items: [items[0]!, ...items.slice(1).filter((t) => t['drifted'] === true), ...items.slice(1).filter((t) => t['drifted'] !== true)].slice(0, 100),
      },
    );
  }
}
