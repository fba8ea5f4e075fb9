import { UsageError } from '../../core/index.js';
import { HOMOGLYPHS } from './char-corruptions.js';
import { checkTextLabels, type TextClassifier } from './text-classifier.js';

/** Options of {@link GreedyWordAttack}. */
export interface WordAttackOptions {
  /** Replacement words tried for a word (besides deleting it); default {@link lookAlikeWords}. */
  readonly substitutes?: (word: string) => readonly string[];
  /** Candidate texts scored per model call; default 512. */
  readonly batchSize?: number;
}

/** What {@link GreedyWordAttack.perturb} returns. */
export interface WordAttackResult {
  /** The attacked texts (the original where the attack found nothing or the text was already misclassified). */
  readonly adversarial: string[];
  /** Word edits applied to each text (≤ the budget). */
  readonly edits: Int32Array;
  /** The model's class for each adversarial text. */
  readonly predictions: Int32Array;
  /** 1 where the text was classified correctly before and wrongly after the attack. */
  readonly success: Uint8Array;
  /** Edits after which each text first went wrong (−1: never within the budget, 0: wrong already). */
  readonly flippedAt: Int32Array;
  /** Candidate texts scored. */
  readonly queries: number;
}

/** Robust accuracy after at most k word edits. */
export interface WordBudgetPoint {
  readonly k: number;
  readonly robustAccuracy: number;
}

/**
 * Look-alike spellings of a word (the word-level edits of character attacks such as
 * DeepWordBug): swap two inner letters, drop an inner letter, and replace the first letter that
 * has a Cyrillic / Greek look-alike.
 *
 * @example
 * ```ts
 * lookAlikeWords('free'); // ['fere', 'fee', 'frее'...]
 * ```
 */
export function lookAlikeWords(word: string): string[] {
  const c = Array.from(word);
  const out = new Set<string>();
  if (c.length >= 4) {
    const m = Math.floor(c.length / 2);
    out.add([...c.slice(0, m - 1), c[m]!, c[m - 1]!, ...c.slice(m + 1)].join(''));
    out.add([...c.slice(0, m), ...c.slice(m + 1)].join(''));
  }
  const h = c.findIndex((x) => HOMOGLYPHS[x] !== undefined);
  if (h >= 0) out.add([...c.slice(0, h), HOMOGLYPHS[c[h]!]!, ...c.slice(h + 1)].join(''));
  out.delete(word);
  return [...out];
}

/** A text split into words and the white space between them (joined back losslessly). */
function splitWords(text: string): string[] {
  return text.split(/(\s+)/u);
}

/** One candidate: the text's pieces with piece `at` replaced by `by` ('' deletes the word). */
interface Candidate {
  readonly row: number;
  readonly pieces: string[];
}

/**
 * Score-based greedy word-level attack: for each correctly classified text, up to `budget` times,
 * every single-word edit (delete a word, or replace it by one of its substitutes) is scored by
 * the model and the one that lowers the true class's probability most is kept; the attack stops
 * as soon as the text is misclassified. It queries probabilities only (black-box). Contract:
 * never more than `budget` edits, and a text the model already gets wrong is left unchanged, so
 * accuracy can only fall.
 *
 * @example
 * ```ts
 * const attack = new GreedyWordAttack(clf);
 * const r = await attack.perturb(texts, labels, { budget: 3 });
 * robustAccuracyByBudget(r, [1, 2, 3]); // [{ k: 1, robustAccuracy: 0.91 }, ...]
 * ```
 */
export class GreedyWordAttack {
  readonly name = 'greedy-word';

  constructor(
    private readonly model: TextClassifier,
    private readonly opts: WordAttackOptions = {},
  ) {}

  async perturb(texts: readonly string[], labels: ArrayLike<number>, opts: { readonly budget: number }): Promise<WordAttackResult> {
    const budget = opts.budget;
    if (!Number.isInteger(budget) || budget < 0) throw new UsageError('ATTACK_BUDGET', `greedy-word: the edit budget must be an integer ≥ 0, got ${budget}`, { budget });
    const c = this.model.classes;
    const y = checkTextLabels(labels, texts.length, c, this.name);
    const subs = this.opts.substitutes ?? lookAlikeWords;
    const pieces = texts.map(splitWords);
    const probs = await this.score(texts);
    let queries = texts.length;
    const edits = new Int32Array(texts.length);
    const flippedAt = new Int32Array(texts.length).fill(-1);
    const trueProb = (p: Float32Array, i: number, row: number): number => p[i * c + y[row]!]!;
    const wrong = (p: Float32Array, i: number, row: number): boolean => {
      for (let j = 0; j < c; j++) if (j !== y[row] && p[i * c + j]! > p[i * c + y[row]!]!) return true;
      return false;
    };
    const active: number[] = [];
    texts.forEach((_, r) => (wrong(probs, r, r) ? (flippedAt[r] = 0) : active.push(r)));
    const edited = texts.map(() => new Set<number>());
    for (let step = 1; step <= budget && active.length > 0; step++) {
      const cands: Candidate[] = [];
      for (const r of active) {
        const p = pieces[r]!;
        for (let at = 0; at < p.length; at += 2) {
          if (p[at] === '' || edited[r]!.has(at)) continue;
          for (const by of ['', ...subs(p[at]!)]) cands.push({ row: r, pieces: p.map((w, k) => (k === at ? by : w)) });
        }
      }
      const scores = await this.score(cands.map((k) => k.pieces.join('')));
      queries += cands.length;
      const best = new Map<number, number>();
      cands.forEach((k, i) => {
        const b = best.get(k.row);
        if (b === undefined || trueProb(scores, i, k.row) < trueProb(scores, b, k.row)) best.set(k.row, i);
      });
      const still: number[] = [];
      for (const r of active) {
        const i = best.get(r);
        if (i === undefined) continue; // nothing left to edit
        const next = cands[i]!.pieces;
        const at = next.findIndex((w, k) => w !== pieces[r]![k]);
        edited[r]!.add(at);
        pieces[r] = next;
        edits[r] = step;
        if (wrong(scores, i, r)) flippedAt[r] = step;
        else still.push(r);
      }
      active.splice(0, active.length, ...still);
    }
    const adversarial = texts.map((t, r) => (edits[r]! > 0 && flippedAt[r]! > 0 ? pieces[r]!.join('') : t));
    // Texts the attack did not flip go back to the original (a failed search changes nothing).
    edits.forEach((_, r) => (flippedAt[r]! > 0 ? 0 : (edits[r] = 0)));
    const finalProbs = await this.score(adversarial);
    queries += adversarial.length;
    const predictions = new Int32Array(texts.length);
    const success = new Uint8Array(texts.length);
    for (let r = 0; r < texts.length; r++) {
      let best = 0;
      for (let j = 1; j < c; j++) if (finalProbs[r * c + j]! > finalProbs[r * c + best]!) best = j;
      predictions[r] = best;
      success[r] = flippedAt[r]! > 0 && best !== y[r] ? 1 : 0;
    }
    return { adversarial, edits, predictions, success, flippedAt, queries };
  }

  private async score(texts: readonly string[]): Promise<Float32Array> {
    const batch = this.opts.batchSize ?? 512;
    const out = new Float32Array(texts.length * this.model.classes);
    for (let i = 0; i < texts.length; i += batch) out.set(await this.model.probabilities(texts.slice(i, i + batch)), i * this.model.classes);
    return out;
  }
}

/**
 * Robust accuracy at each budget k from one attack run with the largest budget: a text counts
 * as robust at k when it was classified correctly and the greedy search did not flip it within k
 * edits. Never above clean accuracy, and never rising with k.
 *
 * @example
 * ```ts
 * robustAccuracyByBudget(result, [1, 2, 3]);
 * ```
 */
export function robustAccuracyByBudget(r: WordAttackResult, budgets: readonly number[]): WordBudgetPoint[] {
  const n = Math.max(1, r.flippedAt.length);
  return budgets.map((k) => {
    let ok = 0;
    for (const f of r.flippedAt) if (f === -1 || f > k) ok++;
    return { k, robustAccuracy: ok / n };
  });
}
