import { TokenModel } from '../../explain/index.js';
import { GreedyWordAttack, accuracyOf, predictTexts, robustAccuracyByBudget, textCorruptionCurve } from '../../robust/index.js';
import { gauge } from '../audit-config.js';
import type { AuditCheck, Figure, SectionResult } from '../audit-types.js';
import type { AuditContext } from '../section.js';

/** The image-only checks of the robustness area, listed as not run on a text model with the reason. */
function imageOnly(): AuditCheck[] {
  const check = (id: string, reason: string): AuditCheck => ({ id, area: 'robustness', passed: false, status: 'not_run', reason, severity: 'info', summary: `not run: ${reason}`, figures: {} });
  return [
    check('robustness.pgd_accuracy', 'image-only: PGD moves continuous pixel values inside an ε-ball, and a text model reads discrete token ids; the greedy word attack (robustness.word_attack_accuracy) is the text counterpart'),
    check('robustness.corruption_accuracy', 'image-only: noise, blur and contrast corruptions act on pixels; the character corruptions (robustness.text_corruption_accuracy) are the text counterpart'),
  ];
}

/**
 * Robustness of a text model on the first evaluation messages (black-box on its probabilities):
 * accuracy under character corruptions (typos, case, homoglyphs, white space) at each severity,
 * and the greedy word attack's robust accuracy at k = 1…budget word edits. The image-only checks
 * (PGD, pixel corruptions) are listed as not run with the reason.
 * @example `const r = await robustnessText(ctx);`
 */
export async function robustnessText(ctx: AuditContext): Promise<SectionResult> {
  const o = ctx.config.robustness ?? {};
  const t = ctx.test.text!;
  const n = Math.min(o.rows ?? 200, t.texts.length);
  const texts = t.texts.slice(0, n);
  const labels = Array.from(ctx.test.y.data.subarray(0, n), Number);
  const severities = o.severities ?? [1, 3, 5];
  const budget = o.wordBudget ?? 3;
  const seed = ctx.config.seed ?? 0;
  const tm = await TokenModel.create(ctx.graph, t.setup.tokenizer, { maxLength: t.setup.maxLength });
  try {
    const clean = accuracyOf(await predictTexts(tm, texts), Int32Array.from(labels));
    ctx.log(`character corruptions at severities ${severities.join(', ')} on ${n} messages`);
    const curve = await textCorruptionCurve(tm, texts, labels, { severities, seed });
    const worst = Math.max(...severities);
    const atWorst = curve.filter((c) => c.severity === worst);
    const meanWorst = atWorst.reduce((a, c) => a + c.accuracy, 0) / Math.max(1, atWorst.length);
    ctx.log(`greedy word attack, up to ${budget} edits, on ${n} messages`);
    const attack = await new GreedyWordAttack(tm).perturb(texts, labels, { budget });
    const byBudget = robustAccuracyByBudget(attack, Array.from({ length: budget }, (_, i) => i + 1));
    const atBudget = byBudget.at(-1)?.robustAccuracy ?? clean;
    const checks: AuditCheck[] = [
      gauge(ctx.config, { id: 'robustness.text_corruption_accuracy', area: 'robustness', value: meanWorst, defaults: {}, what: `mean accuracy over ${atWorst.length} character corruptions at severity ${worst} (${n} messages)`, figures: { cleanAccuracy: clean, ...Object.fromEntries(atWorst.map((c) => [c.corruption, c.accuracy])) } }),
      gauge(ctx.config, { id: 'robustness.word_attack_accuracy', area: 'robustness', value: atBudget, defaults: {}, what: `robust accuracy under the greedy word attack with up to ${budget} word edits (${n} messages)`, figures: { cleanAccuracy: clean, queries: attack.queries, ...Object.fromEntries(byBudget.map((p) => [`k${p.k}`, p.robustAccuracy])) } }),
      ...imageOnly(),
    ];
    const names = [...new Set(curve.map((c) => c.corruption))];
    const flipped = texts.flatMap((text, i) => (attack.success[i] === 1 ? [[String(i), text, attack.adversarial[i]!, String(attack.edits[i])]] : [])).slice(0, 8);
    const figures: Figure[] = [
      { kind: 'line', id: 'text-corruption-accuracy', title: 'Accuracy under character corruptions', alt: `Accuracy under ${names.join(', ')} at severities ${severities.join(', ')} (severity 0 = clean, ${(100 * clean).toFixed(1)}%).`, xLabel: 'severity', yLabel: 'accuracy', series: names.map((c) => ({ name: c, points: curve.filter((p) => p.corruption === c).map((p) => [p.severity, p.accuracy] as const) })) },
      { kind: 'line', id: 'word-attack-accuracy', title: 'Robust accuracy vs word edits (greedy word attack)', alt: `Accuracy when up to k words per message may be deleted or respelled, greedily by the model's score; ${(100 * atBudget).toFixed(1)}% at k = ${budget}.`, xLabel: 'word edits k', yLabel: 'robust accuracy', series: [{ name: 'greedy word attack', points: [[0, clean] as const, ...byBudget.map((p) => [p.k, p.robustAccuracy] as const)] }] },
      ...(flipped.length > 0 ? [{ kind: 'table' as const, id: 'word-attack-examples', title: 'Messages the word attack flipped', alt: `${flipped.length} evaluation messages whose class the greedy word attack changed, with the adversarial text and the edits used.`, columns: ['row', 'message', 'adversarial', 'edits'], rows: flipped }] : []),
    ];
    return { checks, figures, notes: [`Character corruptions and word attack on the first ${n} evaluation messages (seed ${seed}); both query the model's probabilities only.`] };
  } finally {
    await tm.release();
  }
}
