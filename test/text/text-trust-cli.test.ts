import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { csvRow } from '../../src/data/index.js';
import { keel } from '../cli/run-cli.js';

// keel explain / attack on a text model trained by keel train --text, reading raw SMS messages.
const tmp = mkdtempSync(join(tmpdir(), 'keel-text-trust-cli-'));
const sms = gunzipSync(readFileSync('data/sms-spam/sms-spam.jsonl.gz')).toString('utf8').trim().split('\n');
const rows = sms.map((l) => JSON.parse(l) as { label: string; text: string });
const run = join(tmp, 'run');
const model = join(run, 'model.onnx');
const testFile = join(tmp, 'test.tsv');
const spamFile = join(tmp, 'spam.tsv');
const heldOut = rows.slice(1200, 1400);
const tsv = (rs: readonly { label: string; text: string }[]): string => [csvRow(['message', 'label'], '\t'), ...rs.map((r) => csvRow([r.text, r.label], '\t'))].join('\n') + '\n';
const json = (p: string): unknown => JSON.parse(readFileSync(p, 'utf8'));

beforeAll(() => {
  writeFileSync(join(tmp, 'train.jsonl'), sms.slice(0, 1200).join('\n') + '\n');
  writeFileSync(testFile, tsv(heldOut));
  writeFileSync(join(tmp, 'train.tsv'), tsv(rows.slice(0, 1200)));
  writeFileSync(spamFile, tsv(heldOut.filter((r) => r.label === 'spam').slice(0, 10)));
  const r = keel(['train', '--data', join(tmp, 'train.jsonl'), '--text', 'text', '--target', 'label', '--model', 'lstm', '--max-length', '40', '--vocab-size', '2000', '--epochs', '3', '--batch-size', '32', '--lr', '0.002', '--val-split', '0.2', '--out', run]);
  expect(r.status, r.stderr).toBe(0);
}, 120_000);

interface ExplainJson {
  method: string;
  max_delta?: number;
  classes: string[];
  messages: { text: string; target_class: string; sum: number; difference?: number; delta?: number; tokens: { token: string; score: number }[] }[];
}

describe('keel explain --text on raw SMS messages', () => {
  it('integrated gradients: tokens with scores per message, adding up to f(x) − f(baseline) within the reported delta, and the token HTML', () => {
    const out = join(tmp, 'why.json');
    const html = join(tmp, 'why.html');
    const r = keel(['explain', '--model', model, '--data', spamFile, '--text', 'message', '--labels', 'spam', '--steps', '64', '--out', out, '--html', html]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('max convergence delta');
    const e = json(out) as ExplainJson;
    expect(e.method).toBe('integrated-gradients');
    expect(e.messages).toHaveLength(10);
    for (const m of e.messages) {
      expect(m.target_class).toBe('spam');
      expect(m.tokens.length).toBeGreaterThan(1);
      expect(m.tokens[0]!.token).toBe('[CLS]');
      expect(Math.abs(m.sum - m.difference!)).toBeLessThanOrEqual(m.delta! + 1e-4);
      expect(m.delta!).toBeLessThanOrEqual(e.max_delta!);
    }
    expect(e.max_delta!).toBeLessThan(0.05 * Math.max(...e.messages.map((m) => Math.abs(m.difference!))));
    const page = readFileSync(html, 'utf8');
    expect(page.match(/<g class="token">/g)?.length).toBe(e.messages.reduce((a, m) => a + m.tokens.length, 0));
  });

  it('refuses a method that does not explain tokens', () => {
    const r = keel(['explain', '--model', model, '--data', spamFile, '--method', 'grad-cam', '--out', join(tmp, 'never.json')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('CLI_OPTION');
    expect(r.stderr).toContain('integrated-gradients, occlusion, kernel-shap');
  });
});

interface WordAttackJson {
  clean_accuracy: number;
  budget: number;
  robust_accuracy_by_budget: { k: number; robust_accuracy: number }[];
  examples: { text: string; adversarial: string; edits: number; success: boolean; label: string; clean_prediction: string; adversarial_prediction: string }[];
}

describe('keel attack --text on raw SMS messages', () => {
  it('greedy word attack: robust accuracy at k = 1, 2, 3 never above clean accuracy, never more edits than the budget, and the adversarial texts', () => {
    const out = join(tmp, 'adv.json');
    const r = keel(['attack', '--model', model, '--data', testFile, '--text', 'message', '--target', 'label', '--attack', 'greedy-word', '--budget', '3', '--rows', '60', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const a = json(out) as WordAttackJson;
    const clean = heldOut.slice(0, 60);
    writeFileSync(join(tmp, 'first-60.tsv'), tsv(clean));
    const ev = keel(['evaluate', '--model', model, '--data', join(tmp, 'first-60.tsv'), '--text', 'message', '--target', 'label', '--json', '-']);
    expect(ev.status, ev.stderr).toBe(0);
    expect(a.examples).toHaveLength(60);
    // The attack's clean accuracy is keel evaluate's on the same 60 messages.
    expect(a.clean_accuracy).toBeCloseTo((JSON.parse(ev.stdout) as { accuracy: number }).accuracy, 10);
    expect(a.clean_accuracy).toBeCloseTo(a.examples.filter((e) => e.clean_prediction === e.label).length / 60, 10);
    console.log(`greedy-word on 60 messages: clean ${a.clean_accuracy.toFixed(3)}, ${a.robust_accuracy_by_budget.map((p) => `k=${p.k} ${p.robust_accuracy.toFixed(3)}`).join(', ')}`);
    expect(a.robust_accuracy_by_budget.map((p) => p.k)).toEqual([1, 2, 3]);
    let previous = a.clean_accuracy;
    for (const p of a.robust_accuracy_by_budget) {
      expect(p.robust_accuracy).toBeLessThanOrEqual(previous);
      previous = p.robust_accuracy;
    }
    for (const [i, e] of a.examples.entries()) {
      expect(e.text).toBe(clean[i]!.text);
      expect(e.edits).toBeLessThanOrEqual(3);
      if (e.success) {
        expect(e.adversarial).not.toBe(e.text);
        expect(e.adversarial_prediction).not.toBe(e.label);
      } else expect(e.adversarial).toBe(e.text);
    }
    const flipped = a.examples.filter((e) => e.success).length;
    expect(a.robust_accuracy_by_budget.at(-1)!.robust_accuracy).toBeCloseTo(a.clean_accuracy - flipped / 60, 10);
  });

  it('character corruptions: an accuracy curve per corruption starting at clean accuracy', () => {
    const out = join(tmp, 'corrupt.json');
    const r = keel(['attack', '--model', model, '--data', testFile, '--text', 'message', '--target', 'label', '--attack', 'char-corruptions', '--severities', '2,5', '--out', out, '--json', '-']);
    expect(r.status, r.stderr).toBe(0);
    const c = json(out) as { clean_accuracy: number; curve: { corruption: string; severity: number; accuracy: number }[]; samples: { corruption: string; text: string; corrupted: string }[] };
    expect(c.curve.map((p) => `${p.corruption}@${p.severity}`)).toEqual(['typo', 'case', 'homoglyph', 'whitespace'].flatMap((k) => [0, 2, 5].map((s) => `${k}@${s}`)));
    for (const p of c.curve.filter((q) => q.severity === 0)) expect(p.accuracy).toBe(c.clean_accuracy);
    expect(c.samples.find((s) => s.corruption === 'homoglyph')!.corrupted).not.toBe(c.samples[0]!.text);
    expect((JSON.parse(r.stdout) as { curve: unknown[] }).curve).toHaveLength(12);
  });

  it('an image attack on a text model, and a text attack without labels, are one-line usage errors', () => {
    const pgd = keel(['attack', '--model', model, '--data', testFile, '--text', 'message', '--target', 'label', '--attack', 'pgd', '--eps', '0.1', '--out', join(tmp, 'never.json')]);
    expect(pgd.status).toBe(2);
    expect(pgd.stderr).toContain('greedy-word or char-corruptions');
    const noLabels = keel(['attack', '--model', model, '--data', testFile, '--attack', 'greedy-word', '--out', join(tmp, 'never.json')]);
    expect(noLabels.status).toBe(2);
    expect(noLabels.stderr).toContain('--target COLUMN');
  });
});

interface AuditJson {
  passed: boolean;
  areas: { area: string; status: string; notRun?: string; not_run?: string; notes: string[]; figures: { kind: string; id: string; series?: { name: string }[]; texts?: unknown[] }[]; checks: { id: string; status: string; reason?: string; figures: Record<string, number | string | null> }[] }[];
}

describe('keel audit on a text model', () => {
  it('writes the report with token heatmaps, train/test length distributions, text robustness, efficiency at the messages\' token width, and the image-only checks not run with the reason', () => {
    const out = join(tmp, 'audit');
    const config = join(tmp, 'audit.json');
    writeFileSync(config, JSON.stringify({ robustness: { rows: 40, severities: [3] }, explain: { rows: 12 }, sections: ['model', 'data', 'performance', 'explain', 'robustness', 'efficiency'] }));
    const r = keel(['audit', '--model', model, '--data', join(tmp, 'train.tsv'), '--test', testFile, '--text', 'message', '--target', 'label', '--config', config, '--out', out]);
    expect([0, 1], r.stderr).toContain(r.status);
    expect(r.stderr).toContain('token integrated gradients on 12 messages');
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as AuditJson;
    const area = (name: string): AuditJson['areas'][number] => report.areas.find((a) => a.area === name)!;
    const check = (name: string, id: string): AuditJson['areas'][number]['checks'][number] => area(name).checks.find((c) => c.id === id)!;
    // Data: the text checks ran on both files, and the token lengths of both splits are drawn.
    expect(area('data').checks.map((c) => c.id)).toEqual(expect.arrayContaining(['data.duplicate_texts', 'data.text_leakage', 'data.text_drift']));
    const lengths = area('data').figures.find((f) => f.id === 'text-lengths')!;
    expect(lengths.series!.map((s) => s.name)).toEqual(['train', 'test']);
    // Performance on the 200 test messages equals keel evaluate's.
    const ev = keel(['evaluate', '--model', model, '--data', testFile, '--text', 'message', '--target', 'label', '--json', '-']);
    expect(check('generalization', 'performance.accuracy').figures['value']).toBeCloseTo((JSON.parse(ev.stdout) as { accuracy: number }).accuracy, 10);
    // Interpretability: token IG completeness within 5%, the token heatmaps, the sanity check on text.
    expect(check('interpretability', 'explain.ig_completeness').status).toBe('pass');
    expect([64, 128, 256]).toContain(check('interpretability', 'explain.ig_completeness').figures['steps']);
    expect(area('interpretability').figures.find((f) => f.id === 'token-attributions')!.texts!.length).toBe(6);
    expect(['pass', 'fail']).toContain(check('interpretability', 'explain.sanity_model_randomization').status);
    // Robustness: the text attacks measured, never above clean accuracy; the image-only checks not run, with why.
    const word = check('robustness', 'robustness.word_attack_accuracy');
    expect(Number(word.figures['k3'])).toBeLessThanOrEqual(Number(word.figures['k1']));
    expect(Number(word.figures['k1'])).toBeLessThanOrEqual(Number(word.figures['clean_accuracy']));
    expect(check('robustness', 'robustness.text_corruption_accuracy').figures['value']).toBeLessThanOrEqual(1);
    for (const id of ['robustness.pgd_accuracy', 'robustness.corruption_accuracy']) {
      const c = check('robustness', id);
      expect(c.status).toBe('not_run');
      expect(c.reason).toMatch(/^image-only: /);
    }
    expect(area('robustness').status).not.toBe('not run');
    // Efficiency: timed and counted at the messages' token width (the 200 test messages reach the
    // model's 40-token limit), not at a sequence length equal to the batch size.
    const longest = Math.max(...heldOut.map((m) => m.text.split(/\s+/).length));
    expect(longest).toBeGreaterThan(40);
    expect(area('efficiency').notes.join('\n')).toContain(' [N, 40]');
    expect(area('efficiency').notes.join('\n')).toContain('padded width of 40 tokens');
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<g class="token">');
    expect(html).toContain('image-only: PGD');
  }, 120_000);
});
