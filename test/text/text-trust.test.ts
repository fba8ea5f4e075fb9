import { beforeAll, describe, expect, it } from 'vitest';
import { Rng, type HostTensor } from '../../src/core/index.js';
import { modelRandomizationTest, TokenIntegratedGradients, TokenModel, tokenAttributions, type TokenAttribution } from '../../src/explain/index.js';
import { corruptText, GreedyWordAttack, predictTexts, robustAccuracyByBudget, textCorruptionCurve } from '../../src/robust/index.js';
import { diverging } from '../../src/figure/index.js';
import { tokensPage } from '../../src/report/index.js';
import { encodeTexts, readTextTable, textModel, Tokenizer } from '../../src/text/index.js';
import { fit, gatherRows, splitRows } from '../../src/train/index.js';

const SMS = 'data/sms-spam/sms-spam.jsonl.gz';

describe('trusting a text model: token attributions, corruptions and word attacks on real SMS', () => {
  let tm: TokenModel;
  let testTexts: string[];
  let testLabels: number[];
  beforeAll(async () => {
    const t = await readTextTable(SMS, { text: 'text', target: 'label' });
    const texts = t.texts.slice(0, 2400);
    const y: HostTensor<'int64'> = { dtype: 'int64', shape: [texts.length], data: BigInt64Array.from(t.labels!.slice(0, 2400), (l) => (l === 'spam' ? 1n : 0n)) };
    const split = splitRows(texts.length, 0.2, 0, y);
    const tok = Tokenizer.fit(Array.from(split.train, (i) => texts[i]!), { vocabSize: 2000, maxLength: 40 });
    const { ids } = encodeTexts(tok, texts);
    const net = textModel('lstm', { tokenizer: tok, outputs: 2, seed: 0 });
    const t0 = Date.now();
    await fit(net, gatherRows(ids, split.train), gatherRows(y, split.train), { epochs: 4, batchSize: 32, lr: 2e-3, seed: 0, trainEvalRows: 0 });
    console.log(`trained in ${Date.now() - t0} ms`);
    tm = await TokenModel.create(net.graph({ inputShape: ['N', 'T'], inputDtype: 'int64' }), tok, { maxLength: 40 });
    testTexts = Array.from(split.val, (i) => texts[i]!);
    testLabels = Array.from(split.val, (i) => Number(y.data[i]));
  });

  it('integrated gradients over the embeddings add up to f(x) − f(baseline) within the reported delta', async () => {
    const spam = testTexts.filter((_, i) => testLabels[i] === 1).slice(0, 12);
    const rows = await tokenAttributions(tm, spam, { method: 'integrated-gradients', target: 1, steps: 64 });
    for (const r of rows) {
      const sum = r.scores.reduce((a, b) => a + b, 0);
      expect(r.tokens.length).toBe(r.scores.length);
      expect(Math.abs(sum - r.difference!)).toBeLessThanOrEqual(r.delta! + 1e-4);
      expect(r.delta!).toBeLessThan(0.05 * Math.max(1, Math.abs(r.difference!)));
    }
    // The HTML view: every token shown (escaped), the strongest one in the diverging scale's far end.
    const html = tokensPage(rows, { title: 'Why spam', classes: ['ham', 'spam'], method: 'integrated gradients' });
    expect(html).toContain('Content-Security-Policy');
    expect(html.match(/<g class="token">/g)?.length).toBe(rows.reduce((a, r) => a + r.tokens.length, 0));
    // Colours are scaled per text by its largest |score|, so that token sits at one far end (orange when it pushes towards spam, blue when against).
    expect([diverging(1), diverging(-1)].some((c) => html.includes(`fill="${c}"`))).toBe(true);
    for (const t of rows[0]!.tokens) expect(html).toContain(`>${t.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}</text>`);
  });

  it('on spam messages the top integrated-gradients tokens include the token whose occlusion lowers the spam score most', async () => {
    const pred = await predictTexts(tm, testTexts);
    const spam = testTexts.filter((_, i) => testLabels[i] === 1 && pred[i] === 1).slice(0, 20);
    const ig = await tokenAttributions(tm, spam, { method: 'integrated-gradients', target: 1 });
    const occ = await tokenAttributions(tm, spam, { method: 'occlusion', target: 1 });
    const top = (r: TokenAttribution, k: number): number[] => [...r.scores.keys()].sort((a, b) => r.scores[b]! - r.scores[a]!).slice(0, k);
    let agree = 0;
    spam.forEach((_, i) => (top(ig[i]!, 3).includes(top(occ[i]!, 1)[0]!) ? agree++ : 0));
    console.log(`IG top-3 contains occlusion top-1 on ${agree} of ${spam.length} spam messages`);
    expect(agree / spam.length).toBeGreaterThanOrEqual(0.8);
  });

  it('KernelSHAP over tokens adds up to f(x) − f(all [UNK])', async () => {
    const text = testTexts.find((_, i) => testLabels[i] === 1)!;
    const [r] = await tokenAttributions(tm, [text], { method: 'kernel-shap', target: 1, samples: 256 });
    const unk = await tm.forward({ dtype: 'float32', shape: [1, r!.ids.length], data: new Float32Array(r!.ids.length).fill(tm.codec.unkId) });
    expect(r!.scores.reduce((a, b) => a + b, 0)).toBeCloseTo(r!.output - unk.data[1]!, 3);
  });

  it('the model-randomization sanity check passes for token integrated gradients (maps change as layers, embeddings last, are randomized)', async () => {
    const spam = testTexts.filter((_, i) => testLabels[i] === 1).slice(0, 6);
    const { ids } = tm.encode(spam);
    const report = await modelRandomizationTest(tm.ids, (m) => new TokenIntegratedGradients(TokenModel.fromIds(m, tm.codec), { steps: 16 }), { inputs: ids, target: 1, seed: 1 });
    console.log(report.steps.map((s) => `${s.randomized.at(-1)}: ${s.absRankCorrelation.toFixed(3)}`).join('; '));
    expect(report.steps.map((s) => s.randomized.at(-1))).toContain(report.steps.at(-1)!.randomized.at(-1));
    expect(report.steps.length).toBeGreaterThanOrEqual(3);
    expect(report.passed).toBe(true);
  });

  it('character corruptions give a reproducible accuracy curve from clean accuracy (flat for case: the tokenizer lower-cases)', async () => {
    const texts = testTexts.slice(0, 200);
    const labels = testLabels.slice(0, 200);
    const rows = await textCorruptionCurve(tm, texts, labels, { severities: [1, 3, 5], seed: 2 });
    console.log(rows.map((r) => `${r.corruption}@${r.severity}: ${r.accuracy.toFixed(3)}`).join(', '));
    const pred = await predictTexts(tm, texts);
    const clean = [...pred].filter((p, i) => p === labels[i]).length / texts.length;
    expect(rows.filter((r) => r.severity === 0).map((r) => r.accuracy)).toEqual([clean, clean, clean, clean]);
    expect(await textCorruptionCurve(tm, texts, labels, { severities: [1, 3, 5], seed: 2 })).toEqual(rows);
    // The tokenizer lower-cases, so flipping case cannot change a prediction: the curve must stay flat.
    expect(rows.filter((r) => r.corruption === 'case').every((r) => r.accuracy === clean)).toBe(true);
    // Every other corruption at severity 5 really rewrites the texts.
    const rng = new Rng(4);
    for (const name of ['typo', 'homoglyph', 'whitespace'] as const) {
      const changed = texts.filter((t) => corruptText(t, name, 5, rng) !== t).length;
      expect(changed / texts.length).toBeGreaterThan(0.8);
    }
  });

  it('the greedy word attack stays within its budget, never raises accuracy, and reports robust accuracy at k = 1, 2, 3', async () => {
    const texts = testTexts.slice(0, 120);
    const labels = testLabels.slice(0, 120);
    const clean = await predictTexts(tm, texts);
    const r = await new GreedyWordAttack(tm).perturb(texts, labels, { budget: 3 });
    const curve = robustAccuracyByBudget(r, [1, 2, 3]);
    const cleanAcc = [...clean].filter((p, i) => p === labels[i]).length / texts.length;
    console.log(`clean ${cleanAcc.toFixed(3)}; ` + curve.map((p) => `k=${p.k}: ${p.robustAccuracy.toFixed(3)}`).join(', ') + `; ${r.queries} queries`);
    for (let i = 0; i < texts.length; i++) {
      expect(r.edits[i]!).toBeLessThanOrEqual(3);
      if (clean[i] !== labels[i]) expect(r.adversarial[i]).toBe(texts[i]);
      const words = (s: string): string[] => s.split(/\s+/u);
      if (r.success[i] === 1) expect(r.adversarial[i]).not.toBe(texts[i]);
      expect(Math.abs(words(r.adversarial[i]!).length - words(texts[i]!).length)).toBeLessThanOrEqual(3);
    }
    const after = [...r.predictions].filter((p, i) => p === labels[i]).length / texts.length;
    expect(after).toBeLessThanOrEqual(cleanAcc);
    expect(curve[2]!.robustAccuracy).toBeCloseTo(after, 10);
    expect(curve[0]!.robustAccuracy).toBeGreaterThanOrEqual(curve[1]!.robustAccuracy);
    expect(curve[1]!.robustAccuracy).toBeGreaterThanOrEqual(curve[2]!.robustAccuracy);
    expect(curve[0]!.robustAccuracy).toBeLessThan(cleanAcc);
  });
});
