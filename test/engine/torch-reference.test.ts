import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradients } from '../../src/autodiff/index.js';
import { tensor, type HostTensor } from '../../src/core/index.js';
import { readNpy } from '../../src/io/index.js';
import { loadOnnx } from '../../src/onnx/index.js';
import { softmaxCrossEntropy } from '../../src/nn/index.js';
import { Builder } from '../../src/ops/index.js';
import { Sgd } from '../../src/optim/index.js';
import { Session, TrainStep } from '../../src/runtime/index.js';
import { maxAbsDiff } from '../helpers/compare.js';

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
    const b = new Builder(graph);
    const x = graph.inputs[0]!;
    const logits = graph.outputs[0]!;
    const seed = graph.addInput('seed', { dtype: 'float32', shape: logits.shape });
    const [dx] = gradients(b, [logits], [x], { seeds: new Map([[logits, seed]]) });
    graph.setOutputs(dx!);
    const s = await Session.create(graph);
    const y = fx('cnn_y.npy');
    const n = y.shape[0]!;
    const onehot = tensor('float32', [n, 10]);
    for (let i = 0; i < n; i++) onehot.data[i * 10 + Number(y.data[i])] = 1;
    const out = await s.run({ input: fx('cnn_x.npy'), seed: onehot });
    await s.release();
    expect(maxAbsDiff(Object.values(out)[0]!, fx('cnn_grad_target_logit.npy'))).toBeLessThan(1e-4);
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
