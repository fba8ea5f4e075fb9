import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tensor, toFloat32, type HostTensor } from '../../src/core/index.js';
import { readNpy, writeNpy } from '../../src/io/index.js';
import { softmaxCrossEntropy } from '../../src/nn/index.js';
import { exportModel, loadOnnx, parseOnnx } from '../../src/onnx/index.js';
import { Sgd } from '../../src/optim/index.js';
import { Session, TrainStep } from '../../src/runtime/index.js';
import { maxAbsDiff } from '../helpers/compare.js';
import { targetLogitGradient } from '../helpers/target-gradient.js';
import { keel } from '../cli/run-cli.js';

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
    // The compiled train step takes the ids as they are (the CLI test below does the same through `keel train --init`).
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

  it('keel train --init fine-tunes on an int64 ids .npy like PyTorch (1e-3); predict and evaluate read the ids', () => {
    // The int64 .npy used to reach a BigInt/number mix (keel: INTERNAL); the ids now stay int64
    // for a model whose input is int64.
    const dir2 = mkdtempSync(join(tmpdir(), 'keel-ids-'));
    try {
      const out = join(dir2, 'run');
      const t = keel(['train', '--init', model, '--data', join(dir, 'rnn_ft_ids.npy'), '--labels', join(dir, 'rnn_ft_y.npy'), '--out', out, '--epochs', '1', '--optimizer', 'sgd', '--lr', '0.1', '--batch-size', '32', '--val-split', '0', '--no-shuffle', '--quiet']);
      expect(t.status, t.stderr).toBe(0);
      const p = keel(['predict', '--model', join(out, 'model.onnx'), '--data', join(dir, 'rnn_ids.npy'), '--out', join(dir2, 'logits.npy')]);
      expect(p.status, p.stderr).toBe(0);
      const after = fx('rnn-embed-lstm_after.npy');
      expect(maxAbsDiff(fx('rnn-embed-lstm_logits.npy'), after)).toBeGreaterThan(1e-2);
      expect(maxAbsDiff(readNpy(join(dir2, 'logits.npy')), after)).toBeLessThan(1e-3);
      const e = keel(['evaluate', '--model', join(out, 'model.onnx'), '--data', join(dir, 'rnn_ids.npy'), '--labels', join(dir, 'rnn_y.npy'), '--json', join(dir2, 'eval.json')]);
      expect(e.status, e.stderr).toBe(0);
      expect(JSON.parse(readFileSync(join(dir2, 'eval.json'), 'utf8'))).toMatchObject({ rows: 64 });
      const floats = keel(['predict', '--model', join(out, 'model.onnx'), '--data', join(dir2, 'logits.npy'), '--out', join(dir2, 'x.npy')]);
      expect(floats.status).toBe(3);
      expect(floats.stderr).toMatch(/keel: DATA_DTYPE: .*reads int64 token ids, got float32/);
    } finally {
      rmSync(dir2, { recursive: true, force: true });
    }
  });

  it('keel train --data on int64 features (NumPy\'s default integers) trains the same model as on their float32 copy', () => {
    const dir2 = mkdtempSync(join(tmpdir(), 'keel-int-'));
    try {
      writeNpy(join(dir2, 'x32.npy'), toFloat32(fx('rnn_ft_ids.npy')));
      const args = (data: string, out: string): string[] => ['train', '--data', data, '--labels', join(dir, 'rnn_ft_y.npy'), '--out', join(dir2, out), '--epochs', '2', '--quiet'];
      const a = keel(args(join(dir, 'rnn_ft_ids.npy'), 'a'));
      expect(a.status, a.stderr).toBe(0);
      const b = keel(args(join(dir2, 'x32.npy'), 'b'));
      expect(b.status, b.stderr).toBe(0);
      expect(readFileSync(join(dir2, 'a', 'model.onnx')).equals(readFileSync(join(dir2, 'b', 'model.onnx')))).toBe(true);
      const p = keel(['predict', '--model', join(dir2, 'a', 'model.onnx'), '--data', join(dir, 'rnn_ids.npy'), '--out', join(dir2, 'p.npy')]);
      expect(p.status, p.stderr).toBe(0);
      expect(readNpy(join(dir2, 'p.npy')).shape).toEqual([64, 10]);
    } finally {
      rmSync(dir2, { recursive: true, force: true });
    }
  });
});
