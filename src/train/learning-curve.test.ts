import { describe, expect, it } from 'vitest';
import { loadMnist } from '../datasets/index.js';
import { dense, presetSpec, Sequential } from '../nn/index.js';
import { autoRegularize, bestEpoch, diagnoseFit, learningCurve, regularized, rowSlice } from './index.js';

describe('learning curve and auto-regularization on real digits', () => {
  const { train } = loadMnist({ shape: 'flat', trainLimit: 800 });
  const x = rowSlice(train.x, 0, 600), y = rowSlice(train.y, 0, 600);
  const validationData = { x: rowSlice(train.x, 600, 200), y: rowSlice(train.y, 600, 200) };
  const options = { epochs: 3, batchSize: 32, lr: 3e-3, seed: 0, validationData };

  it('bestEpoch picks the epoch of lowest validation loss with its metrics', () => {
    const h = [{ epoch: 1, loss: 1, lr: 1e-3, val_loss: 0.9, val_accuracy: 0.6 }, { epoch: 2, loss: 0.6, lr: 1e-3, val_loss: 0.5, val_accuracy: 0.8 }, { epoch: 3, loss: 0.4, lr: 1e-3, val_loss: 0.7, val_accuracy: 0.85 }];
    expect(bestEpoch(h)).toEqual({ epoch: 2, val_loss: 0.5, val_accuracy: 0.8, val_mae: null });
    expect(bestEpoch([{ epoch: 1, loss: 1, lr: 1e-3 }])).toEqual({ epoch: 0, val_loss: null, val_accuracy: null, val_mae: null });
  });

  it('retrains on 25/50/75/100% of the rows and says whether more data helps', async () => {
    const lc = await learningCurve(() => new Sequential([dense(10)], { seed: 0 }), x, y, options);
    expect(lc.points.map((p) => [p.fraction, p.rows])).toEqual([[0.25, 150], [0.5, 300], [0.75, 450], [1, 600]]);
    expect(lc.points[3]!.val_accuracy!).toBeGreaterThan(lc.points[0]!.val_accuracy!);
    expect(typeof lc.more_data_helps).toBe('boolean');
    const noVal = await learningCurve(() => new Sequential([dense(10)], { seed: 0 }), x, y, { epochs: 1, batchSize: 32, lr: 3e-3, seed: 0 });
    expect(noVal.more_data_helps).toBeNull();
  }, 60_000);

  it('tries five L2/dropout settings and keeps the one of lowest validation loss', async () => {
    const spec = presetSpec('mlp', 10);
    expect(regularized(spec, 1e-3, 0.5).layers.filter((l) => l.type === 'dropout').length).toBeGreaterThan(0);
    const history = [{ epoch: 1, loss: 1, lr: 1e-3, val_loss: 1.2, val_accuracy: 0.6 }];
    const r = await autoRegularize(spec, x, y, { ...options, epochs: 2 }, { outputs: 10, seed: 0, before: diagnoseFit(history), history });
    expect(r.trials).toHaveLength(5);
    expect(r.after.val_loss).toBe(Math.min(...r.trials.map((t) => t.val_loss ?? Infinity)));
    expect(r.before).toMatchObject({ final_val_loss: 1.2, final_val_accuracy: 0.6, epoch: 1 });
  }, 120_000);
});
