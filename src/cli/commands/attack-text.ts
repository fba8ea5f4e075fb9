import { Progress, UsageError } from '../../core/index.js';
import { TokenModel } from '../../explain/index.js';
import type { Model } from '../../model/index.js';
import { GreedyWordAttack, TEXT_ATTACK_NAMES, TEXT_CORRUPTIONS, corruptText, predictTexts, robustAccuracyByBudget, textCorruptionCurve, accuracyOf, type TextAttackName } from '../../robust/index.js';
import { Rng } from '../../core/index.js';
import { say, writeJson } from '../output.js';
import type { AttackCommandOptions } from './attack.js';
import { readTextModelInput } from './text-model-input.js';

/** Default edit budget of the greedy word attack (robust accuracy is reported at k = 1…budget). */
export const DEFAULT_WORD_BUDGET = 3;
/** Default severities of the character corruption curve. */
export const DEFAULT_TEXT_SEVERITIES: readonly number[] = [1, 2, 3, 4, 5];

const isTextAttack = (a: string): a is TextAttackName => (TEXT_ATTACK_NAMES as readonly string[]).includes(a);

/**
 * `keel attack` on a text model, black-box on its class probabilities: `greedy-word` deletes or
 * respells up to `--budget` words per message, greedily by the model's score (robust accuracy at
 * every k ≤ budget, and the adversarial texts), and `char-corruptions` measures accuracy under
 * typos, case changes, homoglyphs and whitespace at each severity. Writes everything as JSON.
 * @example `await attackText({ model: 'run/model.onnx', data: 'test.tsv', target: 'label', attack: 'greedy-word', budget: 3, out: 'adv.json' }, model)`
 */
export async function attackText(o: AttackCommandOptions, model: Model): Promise<void> {
  const attack = o.attack;
  if (!isTextAttack(attack)) throw new UsageError('CLI_OPTION', `--attack ${attack} perturbs numeric inputs; a text model takes --attack ${TEXT_ATTACK_NAMES.join(' or ')}`, { flag: '--attack', value: attack });
  if (o.eps !== undefined || o.labels !== undefined || o.clip !== undefined) throw new UsageError('CLI_OPTION', '--eps, --clip and --labels are for numeric inputs; a text model reads its labels from --target COLUMN and limits the word attack with --budget K', { flag: o.eps !== undefined ? '--eps' : o.clip !== undefined ? '--clip' : '--labels' });
  if (!/\.json$/i.test(o.out)) throw new UsageError('CLI_OPTION', `--out ${o.out}: a text attack writes its texts and accuracies as JSON; name a .json file`, { flag: '--out', value: o.out });
  if (o.target === undefined) throw new UsageError('CLI_OPTION', `${o.data}: keel attack on a text model needs the true classes: name the label column with --target COLUMN`, { file: o.data });
  const input = await readTextModelInput(o.data, o.model, model.graph, o);
  const texts = input.table.texts;
  const labels = input.labels!;
  const progress = new Progress({ label: `attack (${attack})`, unit: 'text' });
  const tm = await TokenModel.create(model.graph, input.setup.tokenizer, { maxLength: input.setup.maxLength, onRows: (n) => { progress.tick(n); } });
  try {
    const clean = await predictTexts(tm, texts);
    const cleanAccuracy = accuracyOf(clean, labels);
    const name = (k: number): string => input.classes?.[k] ?? String(k);
    const head = { attack, model: o.model, data: o.data, text_column: input.column, messages: texts.length, clean_accuracy: cleanAccuracy };
    if (attack === 'greedy-word') {
      const budget = o.budget ?? DEFAULT_WORD_BUDGET;
      const r = await new GreedyWordAttack(tm).perturb(texts, labels, { budget });
      progress.done();
      const byBudget = robustAccuracyByBudget(r, Array.from({ length: budget }, (_, i) => i + 1)).map((p) => ({ k: p.k, robust_accuracy: p.robustAccuracy }));
      const summary = { ...head, budget, robust_accuracy: byBudget.at(-1)?.robust_accuracy ?? cleanAccuracy, robust_accuracy_by_budget: byBudget, queries: r.queries };
      const examples = texts.map((text, i) => ({
        row: i, line: input.table.lines[i], label: name(labels[i]!), text, adversarial: r.adversarial[i], edits: r.edits[i], flipped_at: r.flippedAt[i],
        clean_prediction: name(clean[i]!), adversarial_prediction: name(r.predictions[i]!), success: r.success[i] === 1,
      }));
      writeJson(o.out, { ...summary, examples });
      if (o.json !== undefined) writeJson(o.json, summary);
      say(o.json, `greedy-word (≤ ${budget} word edits): clean accuracy ${cleanAccuracy.toFixed(4)}, robust accuracy ${byBudget.map((p) => `k=${p.k} ${p.robust_accuracy.toFixed(4)}`).join(', ')}; wrote ${o.out}`);
      return;
    }
    const severities = o.severities ?? DEFAULT_TEXT_SEVERITIES;
    const seed = o.seed ?? 0;
    const curve = await textCorruptionCurve(tm, texts, labels, { severities, seed });
    progress.done();
    const worst = Math.max(...severities);
    const atWorst = curve.filter((c) => c.severity === worst);
    const summary = { ...head, severities, seed, mean_accuracy_at_worst: atWorst.reduce((a, c) => a + c.accuracy, 0) / Math.max(1, atWorst.length), curve: curve.map((c) => ({ corruption: c.corruption, severity: c.severity, accuracy: c.accuracy })) };
    // One corrupted sample per corruption at the worst severity, so a reader sees what was measured.
    const samples = TEXT_CORRUPTIONS.map((c) => ({ corruption: c, severity: worst, text: texts[0] ?? '', corrupted: texts[0] === undefined ? '' : corruptText(texts[0], c, worst, new Rng(seed)) }));
    writeJson(o.out, { ...summary, samples });
    if (o.json !== undefined) writeJson(o.json, summary);
    say(o.json, `char-corruptions: clean accuracy ${cleanAccuracy.toFixed(4)}, mean accuracy at severity ${worst} ${summary.mean_accuracy_at_worst.toFixed(4)} (${atWorst.map((c) => `${c.corruption} ${c.accuracy.toFixed(4)}`).join(', ')}); wrote ${o.out}`);
  } finally {
    await tm.release();
  }
}
