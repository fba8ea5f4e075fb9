import { TokenIntegratedGradients, TokenModel, modelRandomizationTest, tokenAttributions, type TokenAttribution } from '../../explain/index.js';
import { gauge } from '../audit-config.js';
import type { AuditCheck, Figure, SectionResult } from '../audit-types.js';
import type { AuditContext } from '../section.js';
import { tokensFigure } from '../text-figures.js';
import { sanityResult } from './sanity-figure.js';

/** Up to `k` messages for the token heatmaps, taking the classes in turn (spam and ham both shown). */
function examplesByClass(rows: readonly TokenAttribution[], labels: readonly number[], k: number): TokenAttribution[] {
  const byClass = new Map<number, TokenAttribution[]>();
  rows.forEach((r, i) => byClass.set(labels[i]!, [...(byClass.get(labels[i]!) ?? []), r]));
  const queues = [...byClass.entries()].sort((a, b) => a[0] - b[0]).map(([, q]) => q);
  const out: TokenAttribution[] = [];
  for (let round = 0; out.length < k && queues.some((q) => q.length > round); round++) for (const q of queues) if (q[round] !== undefined && out.length < k) out.push(q[round]!);
  return out;
}

/** Tokens with the largest mean attribution towards the true class (tokens seen at least twice). */
function topTokens(rows: readonly TokenAttribution[], k: number): { label: string; value: number }[] {
  const sum = new Map<string, { total: number; count: number }>();
  for (const r of rows) r.tokens.forEach((t, j) => {
    const s = sum.get(t) ?? { total: 0, count: 0 };
    sum.set(t, { total: s.total + r.scores[j]!, count: s.count + 1 });
  });
  return [...sum].filter(([t, s]) => s.count >= 2 && t !== '[CLS]').map(([label, s]) => ({ label, value: s.total / s.count })).sort((a, b) => b.value - a.value).slice(0, k);
}

/**
 * Interpretability of a text model: integrated gradients over the embeddings for the first
 * evaluation messages (towards the true class, `[PAD]` baseline, 64 steps) with the completeness
 * error as a check, token heatmaps of a few messages of each class, the tokens that push hardest
 * towards the true class, and the model-randomization sanity check of token integrated gradients.
 * Pixel maps (images) and permutation importance (tables) do not apply and are said so in a note.
 * @example `const r = await explainText(ctx);`
 */
export async function explainText(ctx: AuditContext): Promise<SectionResult> {
  const t = ctx.test.text!;
  const rows = Math.min(ctx.config.explain?.rows ?? 32, t.texts.length);
  const texts = t.texts.slice(0, rows);
  const labels = Array.from(ctx.test.y.data.subarray(0, rows), Number);
  const tm = await TokenModel.create(ctx.graph, t.setup.tokenizer, { maxLength: t.setup.maxLength });
  try {
    ctx.log(`token integrated gradients on ${rows} messages`);
    // Max pooling and ReLUs make the path integrand piecewise, so a fixed number of quadrature
    // steps may miss completeness; the steps double (64 → 128 → 256) until the check's threshold
    // is met, and the check reports the error at the steps used.
    let steps = 64;
    let ig = await tokenAttributions(tm, texts, { method: 'integrated-gradients', target: labels, steps });
    let completeness = completenessCheck(ctx, ig, steps);
    while (!completeness.passed && steps < 256) {
      steps *= 2;
      ctx.log(`token integrated gradients: completeness error ${Number(completeness.figures['value']).toFixed(4)} at ${steps / 2} steps, retrying with ${steps}`);
      ig = await tokenAttributions(tm, texts, { method: 'integrated-gradients', target: labels, steps });
      completeness = completenessCheck(ctx, ig, steps);
    }
    const checks: AuditCheck[] = [completeness];
    const classes = ctx.test.classes;
    const examples = examplesByClass(ig, labels, ctx.config.explain?.examples ?? 6);
    const top = topTokens(ig, 15);
    const figures: Figure[] = [
      tokensFigure(examples, { id: 'token-attributions', classes, method: 'integrated gradients, towards the true class' }),
      { kind: 'bar', id: 'attribution-global', title: 'Tokens pushing hardest towards the true class', alt: `Mean integrated-gradients score of the ${top.length} tokens (seen at least twice) with the largest mean contribution towards the true class, over ${rows} messages.`, valueLabel: 'mean attribution', bars: top },
    ];
    ctx.log('model-randomization sanity check');
    const sanityRows = Math.min(8, rows);
    const { ids } = tm.encode(texts.slice(0, sanityRows));
    const sanity = await modelRandomizationTest(tm.ids, (m) => new TokenIntegratedGradients(TokenModel.fromIds(m, tm.codec), { steps: 16 }), { inputs: ids, target: labels.slice(0, sanityRows), seed: ctx.config.seed ?? 0 });
    const sane = sanityResult(ctx.config, sanity, 'token integrated gradients');
    checks.push(sane.check);
    figures.push(sane.figure);
    const notes = [
      `Token attributions of the first ${rows} evaluation messages, target = true label.`,
      'Pixel attribution maps (image models) and permutation importance (tabular models) do not apply to a text model: the token heatmaps take their place.',
    ];
    return { checks, figures, notes };
  } finally {
    await tm.release();
  }
}

/** The completeness gauge over all explained messages: Σ|Σ attributions − Δf| / Σ|Δf|. */
function completenessCheck(ctx: AuditContext, ig: readonly TokenAttribution[], steps: number): AuditCheck {
  const delta = ig.reduce((a, r) => a + (r.delta ?? 0), 0);
  const change = ig.reduce((a, r) => a + Math.abs(r.difference ?? 0), 0);
  return gauge(ctx.config, { id: 'explain.ig_completeness', area: 'interpretability', value: delta / Math.max(change, 1e-12), defaults: { max: 0.05 }, what: `token integrated-gradients completeness error Σ|Σ attributions − Δf| / Σ|Δf| ([PAD] baseline, ${steps} Gauss–Legendre steps)`, figures: { steps } });
}

