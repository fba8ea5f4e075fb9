import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isKeelError, Rng } from '../core/index.js';
import { saveModelSidecars } from '../data/index.js';
import { writeFileAtomic } from '../io/index.js';
import { exportModel } from '../onnx/index.js';
import { measureFairness, mitigateFairness, readThresholdFile, thresholdFile } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'keel-fair-lib-'));
const at = (f: string): string => join(dir, f);

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    return isKeelError(e) ? e.code : String(e);
  }
}

describe('measureFairness with a predictions column', () => {
  // The hand-checked table of src/fairness/report.test.ts, as a CSV with text labels.
  writeFileSync(at('pred.csv'), ['label,pred,sex,score', 'yes,yes,F,0.9', 'yes,no,F,0.2', 'no,yes,F,0.7', 'no,no,F,0.1', 'yes,yes,M,0.8', 'no,yes,M,0.6', 'no,yes,M,0.7', 'no,no,M,0.3'].join('\n') + '\n');
  const base = { data: at('pred.csv'), target: 'label', sensitive: ['sex'], positive: 'yes', bootstrap: 0 };

  it('reads the labels in the positive label space and reports the groups', async () => {
    const r = await measureFairness({ ...base, predictions: 'pred' });
    expect(r.by_group['sex']!['M']).toEqual({ count: 4, selection_rate: 0.75, accuracy: 0.5, tpr: 1, fpr: 2 / 3 });
    expect(r.demographic_parity_difference['sex']).toBeCloseTo(0.25, 12);
  });

  it('refuses scores, unknown columns and a missing or doubled source of predictions with typed errors', async () => {
    expect(await codeOf(measureFairness({ ...base, predictions: 'score' }))).toBe('PREDICTIONS_ARE_PROBABILITIES');
    expect(await codeOf(measureFairness({ ...base, predictions: 'guess' }))).toBe('COLUMN_NOT_FOUND');
    expect(await codeOf(measureFairness({ ...base, sensitive: ['gender'], predictions: 'pred' }))).toBe('COLUMN_NOT_FOUND');
    expect(await codeOf(measureFairness(base))).toBe('CLI_OPTION');
    expect(await codeOf(measureFairness({ ...base, predictions: 'pred', positive: undefined }))).toBe('POS_LABEL_REQUIRED');
  });
});

describe('mitigateFairness, then measureFairness of the model it chose', () => {
  // Group B is selected less often at the same x: an unmitigated model inherits the gap.
  const rng = new Rng(3);
  const rows = Array.from({ length: 400 }, (_, i) => {
    const g = i % 2 === 0 ? 'A' : 'B';
    const x = rng.normal();
    const y = x + (g === 'A' ? 0.8 : -0.8) + 0.5 * rng.normal() > 0 ? 1 : 0;
    return `${x.toFixed(4)},${g},${y}`;
  });
  writeFileSync(at('train.csv'), `x,group,y\n${rows.slice(0, 300).join('\n')}\n`);
  writeFileSync(at('test.csv'), `x,group,y\n${rows.slice(300).join('\n')}\n`);

  it('threshold optimization narrows the parity gap on held-out rows, and the saved model with its thresholds reproduces the chosen point', async () => {
    const m = await mitigateFairness({ method: 'threshold', data: at('train.csv'), test: at('test.csv'), target: 'y', sensitive: ['group'], hidden: 0, epochs: 20, seed: 1 });
    const base = m.points[0]!, chosen = m.points.find((p) => p.chosen === true)!;
    expect(m.rows).toBe(100);
    expect(m.disparity).toBe('demographic parity difference');
    expect(base.disparity).toBeGreaterThan(0.3);
    expect(chosen.disparity).toBeLessThan(base.disparity / 2);
    expect(m.thresholds).toBeDefined();
    writeFileAtomic(at('model.onnx'), exportModel(m.model));
    saveModelSidecars(dir, { classes: m.preprocessor.classes, preprocessor: m.preprocessor });
    writeFileSync(at('thresholds.json'), JSON.stringify(thresholdFile(m.thresholds!)));
    expect(readFileSync(at('thresholds.json'), 'utf8')).toContain('"sensitive_features":["group"]');
    // A file of an earlier version (camelCase keys) reads as the same state.
    writeFileSync(at('legacy.json'), JSON.stringify(m.thresholds));
    expect(readThresholdFile(at('legacy.json'))).toEqual(readThresholdFile(at('thresholds.json')));
    const r = await measureFairness({ data: at('test.csv'), target: 'y', sensitive: ['group'], model: at('model.onnx'), thresholds: at('thresholds.json'), bootstrap: 0, seed: 1 });
    expect(r.demographic_parity_difference['group']).toBeCloseTo(chosen.disparity, 12);
    expect(r.overall.accuracy).toBeCloseTo(chosen.accuracy, 12);
  });
});
