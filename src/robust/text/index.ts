/**
 * Robustness of text classifiers: character corruptions as an accuracy-under-corruption curve
 * and a score-based greedy word-level attack with an edit budget. Both need only a
 * {@link TextClassifier} (texts → probabilities).
 *
 * @example
 * ```ts
 * import { GreedyWordAttack, textCorruptionCurve } from './text/index.js';
 * const curve = await textCorruptionCurve(clf, texts, labels);
 * const attacked = await new GreedyWordAttack(clf).perturb(texts, labels, { budget: 3 });
 * ```
 */
export { predictTexts, checkTextLabels, accuracyOf, type TextClassifier } from './text-classifier.js';
export { corruptText, textCorruptionCurve, TEXT_CORRUPTIONS, HOMOGLYPHS, type TextCorruptionName, type TextCorruptionRow, type TextCorruptionOptions } from './char-corruptions.js';
export { GreedyWordAttack, lookAlikeWords, robustAccuracyByBudget, type WordAttackOptions, type WordAttackResult, type WordBudgetPoint } from './word-attack.js';

/** The text attacks of `keel attack` on a text model: the greedy word attack and the character corruption curve. */
export const TEXT_ATTACK_NAMES = ['greedy-word', 'char-corruptions'] as const;
/** One of {@link TEXT_ATTACK_NAMES}. */
export type TextAttackName = (typeof TEXT_ATTACK_NAMES)[number];
