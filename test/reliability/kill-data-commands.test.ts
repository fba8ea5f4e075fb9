import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/index.js';
import type { KillCase } from './kill-harness.js';
import { KILLS, killRepeatedly } from './kill-harness.js';

/** SIGKILL at random moments: the data, fairness, audit and tuning commands that write files. */
const root = mkdtempSync(join(tmpdir(), 'keel-kill-data-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

// A small table with a sensitive column, a label and a model's predictions (80% right), seeded.
const rng = new Rng(18);
const rows = ['sex,age,hours,y,pred'];
for (let i = 0; i < 300; i++) {
  const y = rng.int(2);
  rows.push(`${rng.int(2) === 0 ? 'f' : 'm'},${18 + rng.int(50)},${20 + rng.int(40)},${y},${rng.uniform() < 0.8 ? y : 1 - y}`);
}
const csv = join(root, 'people.csv');
writeFileSync(csv, `${rows.join('\n')}\n`);
const objective = join(root, 'objective.mjs');
writeFileSync(objective, 'export default (trial) => (trial.suggestFloat("x", -2, 2) - 1) ** 2 + trial.suggestInt("n", 1, 4);\n');
const ref = join(import.meta.dirname, '..', 'fixtures', 'torch-reference');

const cases: readonly KillCase[] = [
  { name: 'check', args: ['check', '--data', csv, '--target', 'y', '--json', 'report.json', '--html', 'report.html'], outputs: ['report.json', 'report.html'] },
  { name: 'clean', args: ['clean', '--data', csv, '--target', 'y', '--out', 'clean.csv', '--review', 'review.csv'], outputs: ['clean.csv', 'review.csv'] },
  { name: 'fairness', args: ['fairness', '--data', csv, '--target', 'y', '--sensitive', 'sex', '--predictions', 'pred', '--bootstrap', '0', '--json', 'f.json', '--html', 'f.html'], outputs: ['f.json', 'f.html'] },
  { name: 'audit', args: ['audit', '--model', join(ref, 'tab.onnx'), '--data', join(ref, 'tab_x.npy'), '--labels', join(ref, 'tab_target.npy'), '--out', 'audit', '--quiet'], outputs: ['audit/'] },
  { name: 'tune', args: ['tune', '--objective', objective, '--study', 's', '--storage', 'sqlite:tune.db', '--sampler', 'random', '--seed', '0', '--trials', '6', '--json', 'best.json', '--html', 'study.html'], outputs: ['best.json', 'study.html'] },
  { name: 'fairness-mitigate', args: ['fairness', 'mitigate', '--method', 'threshold', '--constraint', 'demographic_parity', '--data', csv, '--target', 'y', '--positive', '1', '--sensitive', 'sex', '--out', 'fair'], outputs: ['fair/'] },
];

describe(`SIGKILL at ${KILLS} seeded moments leaves each output previous or complete`, () => {
  cases.forEach((c, i) => {
    it(`keel ${c.name}`, async () => {
      const r = await killRepeatedly(root, c, 1810 + i);
      expect(r.previous + r.replaced).toBeGreaterThanOrEqual(KILLS);
    }, 120_000);
  });
});
