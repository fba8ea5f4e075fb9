import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTable, runChecks, takeRows, type Table } from '../../src/data/index.js';
import { ADULT_COLUMNS, FIXTURES, numericTable, readSklearnCsv, shuffled } from './helpers.js';


const ALPHA = 0.05;
const RUNS = 40;

async function falseAlarms(table: Table, target: string): Promise<{ feature: number; label: number }> {
  let feature = 0;
  let label = 0;
  for (let seed = 1; seed <= RUNS; seed++) {
    const order = shuffled(table.rowCount, seed);
    const half = Math.floor(table.rowCount / 2);
    const report = await runChecks({
      train: takeRows(table, order.slice(0, half)),
      test: takeRows(table, order.slice(half)),
      target,
      config: {
        checks: {
          feature_drift: { alpha: ALPHA },
          label_drift: { alpha: ALPHA },
          ...Object.fromEntries(
            ['missing_values', 'constant_features', 'mixed_types', 'duplicates', 'conflicting_labels', 'class_imbalance', 'outliers', 'train_test_leakage', 'label_issues'].map((id) => [id, { enabled: false }]),
          ),
        },
      },
    });
    if (report.checks.find((c) => c.id === 'feature_drift')?.passed === false) feature++;
    if (report.checks.find((c) => c.id === 'label_drift')?.passed === false) label++;
  }
  return { feature, label };
}

// Under the null the number of false alarms is at most Binomial(40, 0.05): P(X ≥ 7) ≈ 0.003.
const MAX_ALARMS = 6;

describe('drift checks keep their false-positive rate at alpha on random halves of real data', () => {
  it('breast cancer (30 numeric features, KS + Holm)', async () => {
    const { features, labels, header } = readSklearnCsv('breast_cancer.csv');
    const table = numericTable(header, features.map((f, i) => [...f, labels[i]!]));
    const alarms = await falseAlarms(table, 'label');
    console.info(`breast cancer: feature_drift ${alarms.feature}/${RUNS}, label_drift ${alarms.label}/${RUNS} at alpha ${ALPHA}`);
    expect(alarms.feature).toBeLessThanOrEqual(MAX_ALARMS);
    expect(alarms.label).toBeLessThanOrEqual(MAX_ALARMS);
  });

  it('adult (numeric and categorical features, KS / chi-square + Holm)', async () => {
    const table = await loadTable(join(FIXTURES, 'adult-train-6000.csv.gz'), { header: false, columns: ADULT_COLUMNS, missing: ['?'] });
    expect(table.rowCount).toBe(6000);
    const alarms = await falseAlarms(table, 'income');
    console.info(`adult: feature_drift ${alarms.feature}/${RUNS}, label_drift ${alarms.label}/${RUNS} at alpha ${ALPHA}`);
    expect(alarms.feature).toBeLessThanOrEqual(MAX_ALARMS);
    expect(alarms.label).toBeLessThanOrEqual(MAX_ALARMS);
  });
});
