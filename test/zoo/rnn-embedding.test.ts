import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostTensor } from '../../src/core/index.js';
import { readNpy } from '../../src/io/index.js';
import { exportModel, loadOnnx, parseOnnx } from '../../src/onnx/index.js';
import { Session } from '../../src/runtime/index.js';
import { keel } from '../cli/run-cli.js';
import { maxAbsDiff } from '../helpers/compare.js';
import { targetLogitGradient } from '../helpers/target-gradient.js';

// Fixture: make_rnn.py extras (PyTorch 1.13): nn.Embedding(17, 6) -> nn.LSTM(6, 12) -> head, over
// the scikit-learn digits' 64 grey levels (0..16) read as 64 token ids; opset 17, dynamic N and T.
const dir = join(import.meta.dirname, '../fixtures/torch-zoo');
const fx = (name: string): HostTensor => readNpy(join(dir, name));
const model = join(dir, 'rnn-embed-lstm-op17.onnx');
const ids = fx('rnn_ids.npy');
const tmp = mkdtempSync(join(tmpdir(), 'keel-rnn-embed-'));
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

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

  it('keel train --init (SGD, no shuffle, one epoch on int64 ids) lands where PyTorch did (1e-3)', () => {
    const out = join(tmp, 'ft');
    const r = keel(['train', '--init', model, '--data', join(dir, 'rnn_ft_ids.npy'), '--labels', join(dir, 'rnn_ft_y.npy'), '--epochs', '1', '--batch-size', '32', '--optimizer', 'sgd', '--lr', '0.1', '--no-shuffle', '--val-split', '0', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const pred = join(tmp, 'after.npy');
    const p = keel(['predict', '--model', join(out, 'model.onnx'), '--data', join(dir, 'rnn_ids.npy'), '--out', pred]);
    expect(p.status, p.stderr).toBe(0);
    const after = fx('rnn-embed-lstm_after.npy');
    expect(maxAbsDiff(fx('rnn-embed-lstm_logits.npy'), after)).toBeGreaterThan(1e-2);
    expect(maxAbsDiff(readNpy(pred), after)).toBeLessThan(1e-3);
  });
});
