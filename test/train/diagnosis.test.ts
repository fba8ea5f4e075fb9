import { describe, expect, it } from 'vitest';
import type { HostTensor } from '../../src/core/index.js';
import { loadMnist } from '../../src/datasets/index.js';
import { dense, dropout, Sequential } from '../../src/nn/index.js';
import { diagnoseFit, EarlyStopping, fit, fitBaselines, gatherRows } from '../../src/train/index.js';

const { train, test } = loadMnist({ shape: 'flat', trainLimit: 6000, testLimit: 1000 });
const first = (t: HostTensor, n: number): HostTensor => gatherRows(t, Int32Array.from({ length: n }, (_, i) => i));
const parity = (y: HostTensor): HostTensor => ({ dtype: 'int64', shape: y.shape, data: BigInt64Array.from(y.data as BigInt64Array, (v) => v % 2n) });

describe('fit diagnosis on real MNIST digits', () => {
  it('a wide MLP on 500 digits without regularization is overfit, and the report names the epoch to stop at', async () => {
    const x = first(train.x, 500);
    const y = first(train.y, 500);
    const model = new Sequential([dense(512, { activation: 'relu' }), dense(512, { activation: 'relu' }), dense(10)], { seed: 0 });
    const { history } = await fit(model, x, y, { epochs: 15, batchSize: 32, validationData: test, seed: 0, trainEvalRows: 500 });
    const d = diagnoseFit(history, await fitBaselines(x, y, { classes: 10, epochs: 5 }));
    expect(d.verdict).toBe('overfit');
    const vals = history.map((h) => h['val_loss']!);
    expect(d.stopEpoch).toBe(vals.indexOf(Math.min(...vals)) + 1);
    expect(d.stopEpoch).toBeLessThan(10);
    expect(d.evidence['accuracy_gap']).toBeGreaterThan(0.1);
    expect(d.recommendations.join(' ')).toContain(`stop at epoch ${d.stopEpoch}`);
    expect(d.recommendations.join(' ')).toMatch(/L2.*dropout|dropout/s);
  }, 60_000);

  it('a linear model on digit parity (needs a hidden layer) is underfit', async () => {
    const y = parity(train.y);
    const model = new Sequential([dense(2)], { seed: 0 });
    const { history } = await fit(model, train.x, y, { epochs: 6, batchSize: 64, lr: 3e-3, validationData: { x: test.x, y: parity(test.y) }, seed: 0 });
    const base = await fitBaselines(train.x, y, { classes: 2, epochs: 6 });
    const d = diagnoseFit(history, base);
    expect(d.verdict).toBe('underfit');
    expect(d.evidence['train_accuracy']).toBeLessThan(0.95);
    expect(d.recommendations[0]).toMatch(/capacity/);
  }, 60_000);

  it('a sensible setup (MLP with dropout, early stopping, 6000 digits) is good_fit', async () => {
    const model = new Sequential([dense(256, { activation: 'relu' }), dropout(0.3), dense(10)], { seed: 0 });
    const { history } = await fit(model, train.x, train.y, { epochs: 12, batchSize: 64, lr: 2e-3, validationData: test, seed: 0, callbacks: [new EarlyStopping({ patience: 2, restoreBestWeights: true })] });
    const d = diagnoseFit(history, await fitBaselines(train.x, train.y, { classes: 10, epochs: 6 }));
    expect(d.verdict, JSON.stringify(d.evidence)).toBe('good_fit');
    expect(d.evidence['val_accuracy']).toBeGreaterThan(0.9);
  }, 90_000);
});
