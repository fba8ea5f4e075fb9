import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostTensor } from '../../src/core/index.js';
import { ExactShapley, ExplainModel, FeatureAblation, KernelShap, Lime, Occlusion, PermutationImportance, sliceRows, type F32 } from '../../src/explain/index.js';
import { Model } from '../../src/model/index.js';
import { readNpy } from '../../src/io/index.js';
import { maxAbsDiff } from '../helpers/compare.js';

const dir = join(import.meta.dirname, '../fixtures/torch-reference');
const fx = (name: string): HostTensor => readNpy(join(dir, name));

describe('Shapley and perturbation methods on tab.onnx (PyTorch reference)', () => {
  let model: ExplainModel;
  const x = fx('tab_x.npy') as F32;
  const baseline = fx('tab_baseline.npy');
  const exact = fx('tab_shapley_exact.npy');
  beforeAll(async () => {
    model = ExplainModel.fromModel(await Model.load(join(dir, 'tab.onnx')));
  });
  afterAll(async () => model.release());

  /** Σ φ = f(x)[1] − f(baseline)[1] for every row. */
  async function expectAdditive(a: F32): Promise<void> {
    const fxv = await model.forward(x);
    const fb = await model.forward(baseline as F32);
    for (let i = 0; i < 20; i++) {
      let s = 0;
      for (let j = 0; j < 8; j++) s += a.data[i * 8 + j]!;
      expect(s).toBeCloseTo(fxv.data[i * 2 + 1]! - fb.data[1]!, 4);
    }
  }

  it('exact Shapley matches the enumeration reference to 1e-5 and is additive', async () => {
    const { attributions } = await new ExactShapley(model).attribute(x, { target: 1, baselines: baseline });
    expect(maxAbsDiff(attributions, exact)).toBeLessThan(1e-5);
    await expectAdditive(attributions);
  });

  it('KernelSHAP with 2048 samples is within 0.01 and additive', async () => {
    const ks = new KernelShap(model, { samples: 2048, seed: 1 });
    const { attributions } = await ks.attribute(x, { target: 1, baselines: baseline });
    expect(maxAbsDiff(attributions, exact)).toBeLessThan(0.01);
    await expectAdditive(attributions);
  });

  it('KernelSHAP with a sampled budget converges toward the exact values and stays additive', async () => {
    const relL1 = (a: F32): number => {
      let num = 0;
      let den = 0;
      a.data.forEach((v, i) => ((num += Math.abs(v - Number(exact.data[i]))), (den += Math.abs(Number(exact.data[i])))));
      return num / den;
    };
    const small = (await new KernelShap(model, { samples: 60, seed: 3 }).attribute(x, { target: 1, baselines: baseline })).attributions;
    const { attributions } = await new KernelShap(model, { samples: 180, seed: 3 }).attribute(x, { target: 1, baselines: baseline });
    expect(relL1(attributions)).toBeLessThan(0.1);
    expect(relL1(attributions)).toBeLessThan(relL1(small));
    await expectAdditive(attributions);
  });

  it('batched results equal row-by-row results (exact, kernel, ablation)', async () => {
    for (const e of [new ExactShapley(model, { batchSize: 37 }), new KernelShap(model, { samples: 64, seed: 2, batchSize: 50 }), new FeatureAblation(model)]) {
      const all = (await e.attribute(x, { target: 1, baselines: baseline })).attributions;
      for (const i of [0, 13]) {
        const one = (await e.attribute(sliceRows(x, i, 1), { target: 1, baselines: baseline })).attributions;
        expect(maxAbsDiff(one, sliceRows(all, i, 1)), e.name).toBeLessThan(1e-6);
      }
    }
  });

  it('background data: exact Shapley with a one-row background equals the baseline version', async () => {
    const a = (await new ExactShapley(model, { background: baseline as F32 }).attribute(x, { target: 1 })).attributions;
    expect(maxAbsDiff(a, exact)).toBeLessThan(1e-5);
  });

  it('feature groups: two groups of four features sum to the group totals of an additive split', async () => {
    const mask = Int32Array.of(0, 0, 0, 0, 1, 1, 1, 1);
    const { attributions } = await new ExactShapley(model).attribute(x, { target: 1, baselines: baseline, featureMask: mask });
    const fxv = await model.forward(x);
    const fb = await model.forward(baseline as F32);
    for (let i = 0; i < 20; i++) expect(attributions.data[i * 8]! + attributions.data[i * 8 + 4]!).toBeCloseTo(fxv.data[i * 2 + 1]! - fb.data[1]!, 4);
  });

  it('LIME coefficients agree in sign with the Shapley values on the dominant features', async () => {
    const { attributions } = await new Lime(model, { samples: 2000, seed: 0 }).attribute(x, { target: 1, baselines: baseline });
    let agree = 0;
    let total = 0;
    for (let i = 0; i < exact.data.length; i++) {
      if (Math.abs(Number(exact.data[i])) < 0.2) continue;
      total++;
      if (Math.sign(attributions.data[i]!) === Math.sign(Number(exact.data[i]))) agree++;
    }
    expect(total).toBeGreaterThan(10);
    expect(agree / total).toBeGreaterThan(0.9);
  });

  it('occlusion with a 1-wide window equals feature ablation', async () => {
    const occ = (await new Occlusion(model, { window: [1] }).attribute(x, { target: 1, baselines: baseline })).attributions;
    const abl = (await new FeatureAblation(model).attribute(x, { target: 1, baselines: baseline })).attributions;
    expect(maxAbsDiff(occ, abl)).toBeLessThan(1e-6);
  });

  it('permutation importance: confidence intervals contain the mean; per-row drops average to it', async () => {
    const y = fx('tab_target.npy');
    const { importances, attributions } = await new PermutationImportance(model, { repeats: 8, seed: 1 }).attribute(x, { target: y });
    expect(importances).toHaveLength(8);
    for (const imp of importances) {
      expect(imp.low).toBeLessThanOrEqual(imp.mean);
      expect(imp.high).toBeGreaterThanOrEqual(imp.mean);
      let s = 0;
      for (let i = 0; i < 20; i++) s += attributions.data[i * 8 + imp.feature]!;
      expect(s / 20).toBeCloseTo(imp.mean, 6);
    }
    expect(Math.max(...importances.map((i) => i.mean))).toBeGreaterThan(0);
  });
});
