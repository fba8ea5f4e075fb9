import { describe, expect, it } from 'vitest';
import type { HostTensor } from '../../src/core/index.js';
import { loadMnist } from '../../src/datasets/index.js';
import { dense, Sequential } from '../../src/nn/index.js';
import { Session } from '../../src/runtime/index.js';
import { EarlyStopping, ReduceLROnPlateau, evaluateScores, fit, gatherRows, improves, predictBatched, type Callback } from '../../src/train/index.js';
import { crossEntropyLoss } from '../../src/nn/index.js';

const { train, test } = loadMnist({ shape: 'flat', trainLimit: 400, testLimit: 500 });
const rows = (t: HostTensor, n: number): HostTensor => gatherRows(t, Int32Array.from({ length: n }, (_, i) => i));

function recorder(name: string, log: string[]): Callback {
  return {
    name,
    onTrainBegin: () => void log.push(`${name}.trainBegin`),
    onEpochBegin: (e) => void log.push(`${name}.epochBegin:${e}`),
    onBatchEnd: (s) => void log.push(`${name}.batchEnd:${s}`),
    onEpochEnd: (e, logs) => void log.push(`${name}.epochEnd:${e}:${'val_loss' in logs ? 'val' : 'noval'}`),
    onTrainEnd: () => void log.push(`${name}.trainEnd`),
  };
}

async function valLossOf(model: Sequential): Promise<number> {
  const s = await Session.create(model.graph({ inputShape: ['N', 784] }));
  const scores = await predictBatched(s, test.x);
  await s.release();
  return evaluateScores(crossEntropyLoss(), scores, test.y, 10).loss;
}

describe('callbacks', () => {
  it('every hook fires in the documented order, callbacks in the given order; hooks are optional', async () => {
    const log: string[] = [];
    const model = new Sequential([dense(10)], { seed: 0 });
    // 100 rows, batch 40 → steps of 40, 40 and a remainder of 20: three steps per epoch.
    await fit(model, rows(train.x, 100), rows(train.y, 100), { epochs: 2, batchSize: 40, validationData: test, callbacks: [recorder('A', log), { name: 'empty' }, recorder('B', log)] });
    const expected = ['A.trainBegin', 'B.trainBegin'];
    for (const e of [1, 2]) {
      expected.push(`A.epochBegin:${e}`, `B.epochBegin:${e}`);
      for (let s = (e - 1) * 3; s < e * 3; s++) expected.push(`A.batchEnd:${s}`, `B.batchEnd:${s}`);
      expected.push(`A.epochEnd:${e}:val`, `B.epochEnd:${e}:val`);
    }
    expected.push('A.trainEnd', 'B.trainEnd');
    expect(log).toEqual(expected);
  }, 30_000);

  it('EarlyStopping restores the best weights when training runs to the end without stopping', async () => {
    const model = new Sequential([dense(512, { activation: 'relu' }), dense(10)], { seed: 1 });
    const es = new EarlyStopping({ patience: 100, restoreBestWeights: true });
    const { history, stoppedEarly } = await fit(model, train.x, train.y, { epochs: 12, batchSize: 16, lr: 3e-3, validationData: test, seed: 1, callbacks: [es] });
    expect(stoppedEarly).toBe(false);
    const vals = history.map((h) => h['val_loss']!);
    const best = Math.min(...vals);
    expect(es.bestEpoch).toBe(vals.indexOf(best) + 1);
    expect(es.bestEpoch).toBeLessThan(12); // this small set overfits, so the last epoch is not the best
    expect(Math.abs((await valLossOf(model)) - best)).toBeLessThan(1e-5);
    expect(Math.abs((await valLossOf(model)) - vals[vals.length - 1]!)).toBeGreaterThan(1e-3);
  }, 60_000);

  it('EarlyStopping stops after `patience` epochs without improvement and restores the best epoch', async () => {
    const model = new Sequential([dense(512, { activation: 'relu' }), dense(10)], { seed: 1 });
    const es = new EarlyStopping({ patience: 1, restoreBestWeights: true });
    const { history, stoppedEarly } = await fit(model, train.x, train.y, { epochs: 30, batchSize: 16, lr: 3e-3, validationData: test, seed: 1, callbacks: [es] });
    expect(stoppedEarly).toBe(true);
    expect(history.length).toBe(es.bestEpoch + 2);
    expect(Math.abs((await valLossOf(model)) - history[es.bestEpoch - 1]!['val_loss']!)).toBeLessThan(1e-5);
  }, 60_000);

  it('one improvement test serves every monitoring callback: direction, minDelta, and nothing-yet', () => {
    expect(improves(0.4, 0.5, 'min')).toBe(true);
    expect(improves(0.5, 0.5, 'min')).toBe(false);
    expect(improves(0.46, 0.5, 'min', 0.05)).toBe(false);
    expect(improves(0.44, 0.5, 'min', 0.05)).toBe(true);
    expect(improves(0.6, 0.5, 'max', 0.05)).toBe(true);
    expect(improves(0.54, 0.5, 'max', 0.05)).toBe(false);
    expect(improves(Number.POSITIVE_INFINITY, Number.NaN, 'min')).toBe(true);
  });

  it('ReduceLROnPlateau halves the rate after `patience` epochs without improvement of its monitor', async () => {
    const model = new Sequential([dense(10)], { seed: 0 });
    // The training loss falls every epoch, so watched with mode 'max' it never improves after epoch 1.
    const plateau = new ReduceLROnPlateau({ monitor: 'loss', mode: 'max', patience: 1, factor: 0.5 });
    const { history } = await fit(model, rows(train.x, 100), rows(train.y, 100), { epochs: 6, batchSize: 50, lr: 0.01, seed: 0, callbacks: [plateau] });
    expect(history.map((h) => h.lr)).toEqual([0.01, 0.01, 0.01, 0.005, 0.005, 0.0025].map((v) => expect.closeTo(v, 9) as unknown as number));
  }, 30_000);

  it('a non-finite loss stops fit with a typed error naming the epoch and batch, and the weights are not written back', async () => {
    const model = new Sequential([dense(10)], { seed: 0 });
    const x = { ...train.x, data: Float32Array.from(train.x.data, (v) => v * 1e30) };
    model.graph({ inputShape: ['N', 784] });
    const weights = (): [string, number[]][] => [...model.params].map(([k, v]) => [k, Array.from(v.data as Float32Array)]);
    const before = weights();
    expect(before.length).toBeGreaterThan(0);
    const err = await fit(model, x, train.y, { epochs: 5, batchSize: 50, lr: 1e10, optimizer: 'sgd' }).then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ code: 'LOSS_NOT_FINITE', details: { epoch: 1 } });
    expect(weights()).toEqual(before);
  }, 30_000);
});
