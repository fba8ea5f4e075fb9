import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { comparisonForm } from '../../src/data/index.js';
import { readAuditReport } from '../../src/report/index.js';
import { Tokenizer } from '../../src/text/index.js';
import { loadStudy } from '../../src/tune/index.js';
import { keel } from './run-cli.js';

const lines = (file: string): { label: string; text: string }[] =>
  readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { label: string; text: string });

describe('keel demo --dataset sms', () => {
  it('tunes, trains and audits a spam filter on the bundled SMS messages (--quick): study, model, tokenizer, text audit', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'keel-demo-sms-')), 'keel-demo');
    const r = keel(['demo', '--dataset', 'sms', '--quick', '--out', out], { timeoutMs: 240_000 });
    expect(r.status, r.stderr).toBe(0);
    for (const f of ['data/train.jsonl', 'data/test.jsonl', 'tune.db', 'train/model.onnx', 'train/tokenizer.json', 'train/labels.json', 'train/history.json', 'audit.json', 'audit/report.json', 'audit/report.html']) expect(existsSync(join(out, f)), f).toBe(true);
    for (const stage of ['[1/4] data: bundled SMS Spam Collection', 'exact and near copies kept on one side', '[2/4] tune: 2 trials', '[3/4] train: model=', '[4/4] audit', '[9/9] scale-out']) expect(r.stderr, stage).toContain(stage);
    expect(r.stdout.trim().split('\n').at(-1)).toBe(`report: ${join(out, 'audit/report.html')}`);

    // The split: 2,500 messages 80/20, no normalized text on both sides.
    const train = lines(join(out, 'data/train.jsonl'));
    const test = lines(join(out, 'data/test.jsonl'));
    expect(train.length + test.length).toBe(2500);
    expect(test.length / 2500).toBeCloseTo(0.2, 2);
    const seen = new Set(train.map((m) => comparisonForm(m.text)));
    expect(test.filter((m) => seen.has(comparisonForm(m.text)))).toEqual([]);

    // The study: two finished trials in SQLite.
    const study = await loadStudy({ studyName: 'demo-sms', storage: `sqlite:${join(out, 'tune.db')}` });
    try {
      const trials = await study.getTrials();
      expect(trials).toHaveLength(2);
      for (const t of trials) expect(['COMPLETE', 'PRUNED']).toContain(t.state);
      expect(['textcnn', 'lstm']).toContain(trials[0]!.params['model']);
    } finally {
      await study.close();
    }

    // The tokenizer reads back; keel evaluate takes the model, its tokenizer and the raw test messages.
    expect(Tokenizer.load(join(out, 'train/tokenizer.json')).vocabSize).toBeGreaterThan(500);
    expect(JSON.parse(readFileSync(join(out, 'train/labels.json'), 'utf8'))).toEqual(['ham', 'spam']);
    const ev = keel(['evaluate', '--model', join(out, 'train/model.onnx'), '--data', join(out, 'data/test.jsonl'), '--text', 'text', '--target', 'label', '--json', '-']);
    expect(ev.status, ev.stderr).toBe(0);
    const evaluated = (JSON.parse(ev.stdout) as { accuracy: number }).accuracy;

    const report = readAuditReport(join(out, 'audit/report.json'))!;
    expect(report.passed).toBe(true);
    const check = (id: string) => report.checks.find((c) => c.id === id)!;
    const area = (name: string) => report.areas.find((a) => a.area === name)!;
    // Accuracy: the audit's equals keel evaluate's on the same test file, and the demo's own line.
    expect(check('performance.accuracy').figures['value']).toBeCloseTo(evaluated, 10);
    expect(evaluated).toBeGreaterThanOrEqual(0.95);
    expect(r.stdout).toContain(`test accuracy ${(100 * evaluated).toFixed(1)}% on ${test.length} held-out SMS messages; audit gate passed`);
    // Data: the text checks ran; copies kept on one side leave nothing leaked.
    expect(check('data.text_leakage').status).toBe('pass');
    expect(check('data.train_test_leakage').status).toBe('pass');
    for (const id of ['data.empty_texts', 'data.duplicate_texts', 'data.text_drift', 'data.text_encoding']) expect(check(id), id).toBeDefined();
    const lengths = area('data').figures.find((f) => f.id === 'text-lengths');
    expect(lengths !== undefined && 'series' in lengths ? lengths.series.map((s) => s.name) : []).toEqual(['train', 'test']);
    // Interpretability: token integrated gradients with their heatmaps and the sanity check.
    expect(check('explain.ig_completeness').status).toBe('pass');
    const tokens = area('interpretability').figures.find((f) => f.id === 'token-attributions');
    expect(tokens !== undefined && 'texts' in tokens ? tokens.texts.length : 0).toBeGreaterThan(0);
    // Robustness: the text attacks measured; the image-only checks not run, with the reason.
    expect(check('robustness.text_corruption_accuracy').figures['value']).toBeLessThanOrEqual(1);
    expect(Number(check('robustness.word_attack_accuracy').figures['k1'])).toBeLessThanOrEqual(Number(check('robustness.word_attack_accuracy').figures['cleanAccuracy']));
    for (const id of ['robustness.pgd_accuracy', 'robustness.corruption_accuracy']) {
      expect(check(id).status, id).toBe('not_run');
      expect(check(id).reason, id).toMatch(/^image-only: /);
    }
    expect(area('fairness').status).toBe('n/a');
    expect(area('fairness').notRun).toMatch(/^not applicable: .*no sensitive group/);
    expect(check('tuning.complete_trials').figures['value']).toBeGreaterThanOrEqual(1);
    const html = readFileSync(join(out, 'audit/report.html'), 'utf8');
    expect(html).toContain('<g class="token">');
    expect(html).toContain('image-only: PGD');
  }, 300_000);
});
