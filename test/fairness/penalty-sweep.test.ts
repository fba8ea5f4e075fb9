import { describe, expect, it } from 'vitest';
import { syntheticData } from './synthetic.js';
import { isKeelError, type ErrorCode } from '../../src/core/index.js';
import {
  LogisticRegression,
  accuracyScore,
  demographicParityDifference,
  fairnessPenaltyPath,
  groupShares,
  paretoFront,
  penaltySweep,
  runPenaltySweep,
  runPenaltySweepAsync,
  type PenaltyFit,
} from '../../src/fairness/index.js';
import { KeelTrainer, keelPenaltyPath } from '../../src/fairness-learners/index.js';

const expectCode = (run: () => unknown, code: ErrorCode): void => {
  try {
    run();
    expect.unreachable();
  } catch (e) {
    expect(isKeelError(e, code)).toBe(true);
  }
};

describe('the penalty sweep shared by fairnessPenaltyPath and keelPenaltyPath', () => {
  const { X, y, group } = syntheticData(800, 3);
  const weight = y.map((_, i) => (i % 4 === 0 ? 2 : 1));
  const data = { features: { group }, sensitiveFeatures: 'group', sampleWeight: weight };

  it('records the weighted accuracy and DP difference of every strength, and its Pareto front', () => {
    const path = fairnessPenaltyPath(X, y, { ...data, strengths: [0, 30, 3000] });
    expect(path.explored.map((p) => p.parameter)).toEqual([0, 30, 3000]);
    path.models.forEach((model, s) => {
      const yHat = Array.from(model.predict(X));
      expect(path.explored[s]!.accuracy).toBeCloseTo(accuracyScore(y, yHat, { sampleWeight: weight }), 12);
      expect(path.explored[s]!.disparity).toBeCloseTo(demographicParityDifference(y, yHat, data), 12);
    });
    expect(path.explored[2]!.disparity).toBeLessThan(0.5 * path.explored[0]!.disparity);
    expect(path.pareto).toEqual(paretoFront(path.explored));
  });

  it('gives the same result through the synchronous and the asynchronous driver', async () => {
    const sweep = penaltySweep(y, data, [0, 100]);
    const fit = (strength: number): PenaltyFit<LogisticRegression> => {
      const model = new LogisticRegression({ penalty: { groups: sweep.groups.assignment, strength } });
      model.fit(X, sweep.labels, sweep.weight);
      return { model, predictions: model.predict(X) };
    };
    const sync = runPenaltySweep(sweep, fit);
    const async = await runPenaltySweepAsync(sweep, (strength) => Promise.resolve(fit(strength)));
    expect(async.explored).toEqual(sync.explored);
    expect(async.pareto).toEqual(sync.pareto);
    expect(async.models.map((m) => Array.from(m.coef))).toEqual(sync.models.map((m) => Array.from(m.coef)));
    expect(sync.explored).toEqual(fairnessPenaltyPath(X, y, { ...data, strengths: [0, 100] }).explored);
  });

  it('computes weighted group shares once for the penalty', () => {
    const sweep = penaltySweep(y, data, [0]);
    let total = 0, inB = 0;
    group.forEach((g, i) => {
      total += weight[i]!;
      if (g === 'b') inB += weight[i]!;
    });
    const b = sweep.groups.groups.findIndex((g) => g.label === 'b');
    expect(sweep.total).toBe(total);
    expect(sweep.share[b]).toBeCloseTo(inB / total, 12);
    expect(sweep.share.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect(Array.from(groupShares(Int32Array.of(0, 1, 1), Float64Array.of(1, 1, 2), 4, 2))).toEqual([0.25, 0.75]);
  });

  it('runs the engine-backed learner through the same sweep: each point is its model on the training rows', async () => {
    const path = await keelPenaltyPath(X, y, { ...data, strengths: [0, 300], model: { epochs: 3, seed: 0 } });
    try {
      expect(path.models.length).toBe(2);
      for (const [s, model] of path.models.entries()) {
        const yHat = Array.from(await model.predict(X));
        expect(path.explored[s]!.accuracy).toBeCloseTo(accuracyScore(y, yHat, { sampleWeight: weight }), 12);
        expect(path.explored[s]!.disparity).toBeCloseTo(demographicParityDifference(y, yHat, data), 12);
      }
      expect(path.explored[1]!.disparity).toBeLessThan(path.explored[0]!.disparity);
      expect(path.pareto).toEqual(paretoFront(path.explored));
    } finally {
      await path.trainer.release();
    }
  });

  it('rejects a negative strength and all-zero weights in both paths before any training', async () => {
    expectCode(() => fairnessPenaltyPath(X, y, { ...data, strengths: [0, -1] }), 'INVALID_OPTION');
    expectCode(() => fairnessPenaltyPath(X, y, { ...data, sampleWeight: y.map(() => 0) }), 'ZERO_TOTAL_WEIGHT');
    await expect(keelPenaltyPath(X, y, { ...data, strengths: [-1] })).rejects.toMatchObject({ code: 'INVALID_OPTION' });
    await expect(keelPenaltyPath(X, y, { ...data, sampleWeight: y.map(() => 0) })).rejects.toMatchObject({ code: 'ZERO_TOTAL_WEIGHT' });
  });

  it('refuses all-zero weights with one check in every fit that uses them', async () => {
    const zeros = y.map(() => 0);
    expectCode(() => { new LogisticRegression().fit(X, y, zeros); }, 'ZERO_TOTAL_WEIGHT');
    const trainer = new KeelTrainer({ epochs: 1 });
    try {
      await expect(trainer.fit(X, { y, weight: zeros })).rejects.toMatchObject({ code: 'ZERO_TOTAL_WEIGHT' });
    } finally {
      await trainer.release();
    }
  });
});
