import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng, type HostTensor } from '../../src/core/index.js';
import { loadMnist } from '../../src/datasets/index.js';
import { ExplainModel, Gradient, InputXGradient, IntegratedGradients, Saliency, dataRandomizationTest, modelRandomizationTest, sliceRows, spearman, type Attribution, type Explainer, type F32 } from '../../src/explain/index.js';
import { Sequential, dense, softmaxCrossEntropy } from '../../src/nn/index.js';
import { Adam } from '../../src/optim/index.js';
import { TrainStep } from '../../src/runtime/index.js';
import { accuracy, trainEpoch } from '../../src/train/index.js';

/** An "explainer" that returns an edge map of the input and never looks at the model. */
class InputEdges implements Explainer {
  readonly name = 'input-edges';
  readonly needsGradients = false;
  readonly hasConvergenceDelta = false;
  attribute(inputs: F32): Promise<Attribution> {
    const out = Float32Array.from(inputs.data, (v, i) => (i % 28 === 0 ? 0 : v - inputs.data[i - 1]!));
    return Promise.resolve({ attributions: { dtype: 'float32', shape: inputs.shape, data: out } });
  }
}

async function trainMlp(x: HostTensor, y: HostTensor, seed: number): Promise<ExplainModel> {
  const net = new Sequential([dense(64, { activation: 'relu' }), dense(10)], { seed });
  const step = await TrainStep.compile({ model: net.graph({ inputShape: ['N', 784], training: true }), loss: softmaxCrossEntropy, target: { dtype: 'int64', shape: ['N'] }, optimizer: new Adam() });
  await trainEpoch(step, x, y, { batchSize: 64, shuffle: true, lr: () => 2e-3, rng: new Rng(seed) });
  net.setWeights(step.weights());
  return ExplainModel.create(net.graph({ inputShape: ['N', 784] }));
}

describe('sanity checks (Adebayo et al. 2018) on an MLP trained on 10k MNIST digits', () => {
  const { train, test } = loadMnist({ shape: 'flat', trainLimit: 10000, testLimit: 500 });
  const x = sliceRows(test.x, 0, 16);
  const target = Array.from({ length: 16 }, (_, i) => Number(test.y.data[i]));
  let model: ExplainModel;
  let shuffled: ExplainModel;
  beforeAll(async () => {
    model = await trainMlp(train.x, train.y, 1);
    const perm = new Rng(7).permutation(10000);
    const yRandom: HostTensor = { dtype: 'int64', shape: [10000], data: BigInt64Array.from(perm, (p) => (train.y.data)[p]!) };
    shuffled = await trainMlp(train.x, yRandom, 1);
  });
  afterAll(async () => {
    await model.release();
    await shuffled.release();
  });

  it('the model learned the digits', async () => {
    expect(accuracy(await model.forward(test.x), test.y)).toBeGreaterThan(0.85);
  });

  it('model randomization: gradient maps change, layer by layer; the model-blind explainer is flagged', async () => {
    for (const factory of [(m: ExplainModel) => new Gradient(m), (m: ExplainModel) => new Saliency(m), (m: ExplainModel) => new IntegratedGradients(m, { steps: 16 })]) {
      const r = await modelRandomizationTest(model, factory, { inputs: x, target, seed: 1 });
      expect(r.steps.map((s) => s.randomized.length)).toEqual([1, 2]);
      expect(r.passed, r.message).toBe(true);
    }
    const blind = await modelRandomizationTest(model, () => new InputEdges(), { inputs: x, target });
    expect(blind.passed).toBe(false);
    expect(blind.steps.every((s) => s.absRankCorrelation > 0.999)).toBe(true);
    expect(blind.message).toMatch(/barely change/);
  });

  it('data randomization: maps of a random-label model differ; the model-blind explainer is flagged', async () => {
    for (const factory of [(m: ExplainModel) => new Gradient(m), (m: ExplainModel) => new InputXGradient(m)]) {
      const r = await dataRandomizationTest(model, shuffled, factory, { inputs: x, target, threshold: 0.8 });
      expect(r.passed, r.message).toBe(true);
    }
    const blind = await dataRandomizationTest(model, shuffled, () => new InputEdges(), { inputs: x, target });
    expect(blind.passed).toBe(false);
  });

  it('spearman handles ties and reversals', () => {
    expect(spearman([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1);
    expect(spearman([0, 0, 1, 2], [0, 0, 2, 1])).toBeCloseTo(7 / 9);
  });
});
