import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HostTensor } from '../../src/core/index.js';
import { readNpy } from '../../src/io/index.js';
import { loadOnnx } from '../../src/onnx/index.js';
import { softmaxCrossEntropy } from '../../src/nn/index.js';
import { Sgd } from '../../src/optim/index.js';
import { Session, TrainStep } from '../../src/runtime/index.js';
import { maxAbsDiff } from '../helpers/compare.js';
import { targetLogitGradient } from '../helpers/target-gradient.js';

const dir = join(import.meta.dirname, '../fixtures/torch-reference');
const fx = (name: string): HostTensor => readNpy(join(dir, name));

async function logitsOf(graphPath: string, x: HostTensor): Promise<HostTensor> {
  const { graph } = await loadOnnx(graphPath);
  const s = await Session.create(graph);
  const out = await s.run({ input: x });
  await s.release();
  return out['logits']!;
}

describe('PyTorch reference CNN (import → IR → export → onnxruntime)', () => {
  it('predicts the reference logits to 1e-4', async () => {
    const logits = await logitsOf(join(dir, 'cnn.onnx'), fx('cnn_x.npy'));
    expect(maxAbsDiff(logits, fx('cnn_logits.npy'))).toBeLessThan(1e-4);
  });

  it('differentiates the imported graph: d logit[y] / d input matches to 1e-4', async () => {
    const { graph } = await loadOnnx(join(dir, 'cnn.onnx'));
    const dx = await targetLogitGradient(graph, fx('cnn_x.npy'), fx('cnn_y.npy'), 10);
    expect(maxAbsDiff(dx, fx('cnn_grad_target_logit.npy'))).toBeLessThan(1e-4);
  });

  it('fine-tunes one epoch of plain SGD like PyTorch (logits after to 1e-3)', async () => {
    const { graph } = await loadOnnx(join(dir, 'cnn.onnx'));
    const step = await TrainStep.compile({ model: graph, loss: softmaxCrossEntropy, target: { dtype: 'int64', shape: ['N'] }, optimizer: new Sgd() });
    const x = fx('ft_x.npy');
    const y = fx('ft_y.npy');
    const n = x.shape[0]!;
    const bs = 32;
    expect(n % bs).toBe(0);
    const k = n / bs;
    const xs: HostTensor = { dtype: 'float32', shape: [k, bs, ...x.shape.slice(1)], data: x.data };
    const ys: HostTensor = { dtype: 'int64', shape: [k, bs], data: y.data };
    const { losses } = await step.run(xs, ys, new Array<number>(k).fill(0.05));
    expect(losses).toHaveLength(k);
    expect(losses.every(Number.isFinite)).toBe(true);
    step.writeBack();
    await step.release();
    const s = await Session.create(graph);
    const out = await s.run({ input: fx('cnn_x.npy') });
    await s.release();
    const before = fx('cnn_logits.npy');
    const after = fx('ft_logits_after.npy');
    // The update is real (logits moved) and lands where PyTorch's did.
    expect(maxAbsDiff(before, after)).toBeGreaterThan(1e-2);
    expect(maxAbsDiff(out['logits']!, after)).toBeLessThan(1e-3);
  });
});
