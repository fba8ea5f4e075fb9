import { UsageError } from '../../core/index.js';
import { argmax } from '../attack.js';

/**
 * A text classifier seen from outside: raw texts in, class probabilities out. Text attacks,
 * corruption curves and token explanations need nothing more (score-based, black-box).
 *
 * @example
 * ```ts
 * const clf: TextClassifier = { classes: 2, probabilities: async (texts) => Float32Array.from(texts.flatMap((t) => (t.includes('free') ? [0.1, 0.9] : [0.9, 0.1]))) };
 * ```
 */
export interface TextClassifier {
  readonly classes: number;
  /** Row-major [texts.length, classes] probabilities. */
  probabilities(texts: readonly string[]): Promise<Float32Array>;
}

/**
 * Class of each text by the classifier (argmax of its probabilities), evaluated in batches.
 * @example `const pred = await predictTexts(clf, ['free entry now'], 256);`
 */
export async function predictTexts(model: TextClassifier, texts: readonly string[], batch = 256): Promise<Int32Array> {
  const out = new Int32Array(texts.length);
  for (let i = 0; i < texts.length; i += batch) {
    const part = texts.slice(i, i + batch);
    out.set(argmax(await model.probabilities(part), model.classes), i);
  }
  return out;
}

/**
 * Checks that there is one integer label in [0, classes) per text.
 * @example `checkTextLabels([0, 1], 2, 2, 'greedy-word');`
 */
export function checkTextLabels(labels: ArrayLike<number>, texts: number, classes: number, name: string): Int32Array {
  if (labels.length !== texts) throw new UsageError('TEXT_LABELS_LENGTH', `${name}: expected one label per text (${texts}), got ${labels.length}; pass the labels of the same rows`, { expected: texts, actual: labels.length });
  const out = Int32Array.from(labels);
  out.forEach((y, i) => {
    if (!Number.isInteger(labels[i]) || y < 0 || y >= classes) throw new UsageError('TEXT_LABEL_RANGE', `${name}: label ${labels[i]} of text ${i} is outside the model's classes [0, ${classes - 1}]`, { row: i, value: labels[i], classes });
  });
  return out;
}

/** Share of `pred` equal to `labels`. */
export function accuracyOf(pred: Int32Array, labels: Int32Array): number {
  let ok = 0;
  pred.forEach((p, i) => (ok += p === labels[i] ? 1 : 0));
  return ok / Math.max(1, pred.length);
}
