import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tensor, type HostTensor } from '../../src/core/index.js';
import { readNpy } from '../../src/io/index.js';
import { softmaxCrossEntropy } from '../../src/nn/index.js';
import { exportModel, loadOnnx, parseOnnx } from '../../src/onnx/index.js';
import { Sgd } from '../../src/optim/index.js';
import { Session, TrainStep } from '../../src/runtime/index.js';
import { maxAbsDiff } from '../helpers/compare.js';
import { targetLogitGradient } from '../helpers/target-gradient.js';

// Fixture: make_rnn.py extras (PyTorch 1.13): nn.Embedding(17, 6) -> nn.LSTM(6, 12) -> head, over
// the scikit-learn digits' 64 grey levels (0..16) read as 64 token ids; opset 17, dynamic N and T.
const dir = join(import.meta.dirname, '../fixtures/torch-zoo');
const fx = (name: string): HostTensor => readNpy(join(dir, name));
const model = join(dir, 'rnn-embed-lstm-op17.onnx');
const ids = fx('rnn_ids.npy');

describe('PyTorch nn.Embedding + nn.LSTM over token ids', () => {
  it('imports, exports back and predicts the logits to 1e-4', async () => {
    const { graph } = await loadOnnx(model);
    expect(graph.inputs[0]!.dtype).toBe('int64');
    expect(graph.nodes.map((n) => n.op)).toEqual(expect.arrayContaining(['Gather', 'LSTM']));
    const s = await Session.create(parseOnnx(exportModel(graph)).graph);
    const out = await s.run({ input: ids });
    await s.release();
    expect(maxAbsDiff(out['logits']!, fx('rnn-embed-lstm_logits.npy'))).toBeLessThan(1e-4);
  });

  it('differentiates d logit[y] / d (input embeddings) like PyTorch (1e-3 relative)', async () => {
    const { graph } = await loadOnnx(model);
    const lookup = graph.nodes.find((n) => n.op === 'Gather' && n.inputs.includes(graph.inputs[0]!));
    expect(lookup, 'the embedding lookup (Gather on the ids)').toBeDefined();
    const got = await targetLogitGradient(graph, ids, fx('rnn_y.npy'), 10, lookup!.output());
    const want = fx('rnn-embed-lstm_embgrad.npy');
    expect(got.shape).toEqual([64, 64, 6]);
    let scale = 0;
    for (const v of want.data) scale = Math.max(scale, Math.abs(Number(v)));
    expect(maxAbsDiff(got, want) / scale).toBeLessThan(1e-3);
  });

  it('one epoch of SGD (lr 0.1, batches of 32 in order, mean cross-entropy) on int64 ids lands where PyTorch did (1e-3)', async () => {
    // The compiled train step takes the ids as they are (`keel train --data ids.npy` converts
    // features to float32 and cannot feed an embedding yet).
    const { graph } = await loadOnnx(model);
    const step = await TrainStep.compile({ model: graph, loss: softmaxCrossEntropy, target: { dtype: 'int64', shape: ['N'] }, optimizer: new Sgd() });
    const fIds = fx('rnn_ft_ids.npy');
    const fy = fx('rnn_ft_y.npy');
    const [rows, t] = fIds.shape as [number, number];
    for (let i = 0; i < rows; i += 32) {
      const n = Math.min(32, rows - i);
      await step.run(tensor('int64', [1, n, t], (fIds.data as BigInt64Array).subarray(i * t, (i + n) * t)), tensor('int64', [1, n], (fy.data as BigInt64Array).subarray(i, i + n)), [0.1]);
    }
    step.writeBack();
    await step.release();
    const s = await Session.create(graph);
    const got = (await s.run({ input: ids }))['logits']!;
    await s.release();
    const after = fx('rnn-embed-lstm_after.npy');
    expect(maxAbsDiff(fx('rnn-embed-lstm_logits.npy'), after)).toBeGreaterThan(1e-2);
    expect(maxAbsDiff(got, after)).toBeLessThan(1e-3);
  });
});
