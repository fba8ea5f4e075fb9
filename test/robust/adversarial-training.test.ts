import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng, UsageError, type HostTensor } from '../../src/core/index.js';
import { readNpy } from '../../src/io/index.js';
import { softmaxCrossEntropy } from '../../src/nn/index.js';
import { loadOnnx } from '../../src/onnx/index.js';
import { Sgd } from '../../src/optim/index.js';
import { TrainStep } from '../../src/runtime/index.js';
import { trainEpoch } from '../../src/train/index.js';
import { GraphClassifier, PgdAttack, adversarialObjective } from '../../src/robust/index.js';

const dir = join(import.meta.dirname, '../fixtures/torch-reference');

async function pgdAccuracy(graph: Awaited<ReturnType<typeof loadOnnx>>['graph'], x: HostTensor, y: HostTensor): Promise<number> {
  const model = GraphClassifier.create(graph);
  const r = await new PgdAttack(model, { steps: 10, stepSize: 0.025, randomStart: false }).perturb(x, y, { eps: 0.1 });
  await model.release();
  let ok = 0;
  r.predictions.forEach((p, i) => (ok += p === Number(y.data[i]) ? 1 : 0));
  return ok / r.predictions.length;
}

describe('adversarial training with the attack compiled into the training graph', () => {
  it.each(['pgd', 'trades'] as const)('%s fine-tuning raises PGD accuracy of the reference CNN', async (method) => {
    const { graph } = await loadOnnx(join(dir, 'cnn.onnx'));
    const x = readNpy(join(dir, 'ft_x.npy'));
    const y = readNpy(join(dir, 'ft_y.npy'));
    const tx = readNpy(join(dir, 'cnn_x.npy'));
    const ty = readNpy(join(dir, 'cnn_y.npy'));
    const before = await pgdAccuracy(graph, tx, ty);
    const step = await TrainStep.compile({ model: graph, loss: softmaxCrossEntropy, target: { dtype: 'int64', shape: ['N'] }, optimizer: new Sgd(), objective: adversarialObjective({ method, eps: 0.1, steps: 5 }) });
    const rng = new Rng(0);
    for (let e = 0; e < (method === 'pgd' ? 4 : 8); e++) {
      const loss = await trainEpoch(step, x, y, { batchSize: 32, shuffle: true, lr: () => 0.05, rng });
      expect(Number.isFinite(loss)).toBe(true);
    }
    step.writeBack();
    await step.release();
    const after = await pgdAccuracy(graph, tx, ty);
    expect(after).toBeGreaterThan(before + 0.05);
  });

  it('rejects a negative eps', () => {
    expect(() => adversarialObjective({ method: 'pgd', eps: -1 })).toThrow(UsageError);
  });
});
