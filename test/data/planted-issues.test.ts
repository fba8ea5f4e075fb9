import { describe, expect, it } from 'vitest';
import { runChecks, type CheckReport, type CheckResult } from '../../src/data/index.js';
import { readSklearnCsv, shuffled, tempDir, writeCsv } from './helpers.js';

function byId(report: CheckReport, id: string): CheckResult {
  const c = report.checks.find((x) => x.id === id);
  if (c === undefined) throw new Error(`no check ${id}`);
  return c;
}

function failedIds(report: CheckReport): string[] {
  return report.checks.filter((c) => c.status === 'fail' || c.status === 'warn').map((c) => c.id);
}

for (const [file, split] of [['breast_cancer.csv', 0.7], ['wine_data.csv', 0.6]] as const) {
  describe(`planted issues in ${file}`, () => {
    const { features, labels, header } = readSklearnCsv(file);
    const order = shuffled(labels.length, 11);
    const cut = Math.round(labels.length * split);
    const row = (i: number): (string | number)[] => [...features[i]!, labels[i]!];
    const train = order.slice(0, cut).map(row);
    const test = order.slice(cut).map(row);
    const dir = tempDir();

    it('flags nothing on the clean copy', async () => {
      const report = await runChecks({
        train: writeCsv(dir, 'train.csv', [header, ...train]),
        test: writeCsv(dir, 'test.csv', [header, ...test]),
        target: 'label',
      });
      expect(failedIds(report)).toEqual([]);
      expect(report.checks.map((c) => c.id)).toContain('feature_drift');
    });

    it('finds each planted problem with the right check', async () => {
      const dirty = train.map((r) => [...r, 1]);
      const dupOf = [3, 10, 42];
      for (const i of dupOf) dirty.push([...dirty[i]!]);
      const missing: [number, number][] = [[5, 2], [17, 0], [30, 4]];
      for (const [r, c] of missing) dirty[r]![c] = '';
      const leaked = [0, 1, 2, 3];
      const dirtyTest = test.map((r) => [...r, 1]);
      leaked.forEach((t, k) => (dirtyTest[t] = [...train[20 + k]!, 1]));
      dirtyTest[5] = [...train[40]!.map((v, j) => (j < features[0]!.length ? Number(v) * (1 + 1e-7) : v)), 1];
      const shifted = 0;
      const sd = Math.sqrt(features.reduce((s, f) => s + f[shifted]! ** 2, 0) / features.length - (features.reduce((s, f) => s + f[shifted]!, 0) / features.length) ** 2);
      for (const r of dirtyTest.slice(6)) r[shifted] = Number(r[shifted]) + 1.5 * sd;
      const h = [...header, 'const'];
      const report = await runChecks({
        train: writeCsv(dir, 'dirty-train.csv', [h, ...dirty]),
        test: writeCsv(dir, 'dirty-test.csv', [h, ...dirtyTest]),
        target: 'label',
      });
      expect(failedIds(report).sort()).toEqual(['constant_features', 'duplicates', 'feature_drift', 'missing_values', 'train_test_leakage']);
      expect(byId(report, 'duplicates').evidence.rows).toEqual([cut, cut + 1, cut + 2]);
      expect(byId(report, 'duplicates').evidence.items.map((i) => i.duplicateOf)).toEqual(dupOf);
      expect(byId(report, 'missing_values').evidence.rows).toEqual([5, 17, 30]);
      expect(byId(report, 'missing_values').evidence.columns).toEqual(['f2', 'f0', 'f4'].sort((a, b) => h.indexOf(a) - h.indexOf(b)));
      expect(byId(report, 'constant_features').evidence.columns).toEqual(['const']);
      const leak = byId(report, 'train_test_leakage');
      expect(leak.evidence.rows).toEqual([0, 1, 2, 3, 5]);
      expect(leak.evidence.stats).toMatchObject({ exact: 4, near: 1 });
      expect(byId(report, 'feature_drift').evidence.columns).toEqual([`f${shifted}`]);
    });
  });
}
