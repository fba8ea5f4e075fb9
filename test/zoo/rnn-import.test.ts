import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tensor, type HostTensor } from '../../src/core/index.js';
import { ExplainModel, IntegratedGradients } from '../../src/explain/index.js';
import { readNpy } from '../../src/io/index.js';
import { exportModel, loadOnnx, parseOnnx } from '../../src/onnx/index.js';
import { GraphClassifier, PgdAttack } from '../../src/robust/index.js';
import { Session } from '../../src/runtime/index.js';
import { keel } from '../cli/run-cli.js';
import { maxAbsDiff } from '../helpers/compare.js';
import { targetLogitGradient } from '../helpers/target-gradient.js';

// Fixtures: test/fixtures/torch-zoo/make_rnn.py (PyTorch 1.13, digits as 8 rows of 8 features).
const dir = join(import.meta.dirname, '../fixtures/torch-zoo');
const fx = (name: string): HostTensor => readNpy(join(dir, name));
const tmp = mkdtempSync(join(tmpdir(), 'keel-rnn-zoo-'));
const x = fx('rnn_x.npy');
const y = fx('rnn_y.npy');

/** Largest |a − b| relative to the largest |b|. */
function relDiff(a: HostTensor, b: HostTensor): number {
  let scale = 0;
  for (const v of b.data) scale = Math.max(scale, Math.abs(Number(v)));
  return maxAbsDiff(a, b) / scale;
}

/** The first `t` time steps of [N, T, F] rows. */
function firstSteps(v: HostTensor, t: number): HostTensor {
  const [rows, steps, f] = v.shape as [number, number, number];
  const out = tensor('float32', [rows, t, f]);
  for (let i = 0; i < rows; i++) out.data.set((v.data as Float32Array).subarray(i * steps * f, i * steps * f + t * f), i * t * f);
  return out;
}

async function logits(graphBytes: Uint8Array, input: HostTensor): Promise<HostTensor> {
  const s = await Session.create(parseOnnx(graphBytes).graph);
  const out = await s.run({ input });
  await s.release();
  return out['logits']!;
}

const models = [
  { name: 'lstm2', file: 'rnn-lstm2-op17.onnx', what: 'two stacked nn.LSTM layers, opset 17' },
  { name: 'lstm2', file: 'rnn-lstm2-op13.onnx', what: 'the same LSTM at opset 13' },
  { name: 'gru-bi', file: 'rnn-gru-bi-op13.onnx', what: 'two stacked bidirectional nn.GRU layers, opset 13' },
  { name: 'rnn', file: 'rnn-rnn-op17.onnx', what: 'nn.RNN with a learned initial state, opset 17' },
  // torch 1.13 cannot write opset 18: these are the opset-17 exports rewritten to opset 18 (make_rnn.py extras).
  { name: 'lstm2', file: 'rnn-lstm2-op18.onnx', what: 'the LSTM at opset 18' },
  { name: 'gru-bi', file: 'rnn-gru-bi-op18.onnx', what: 'the bidirectional GRU at opset 18' },
];

describe.each(models)('PyTorch $what ($file)', ({ name, file }) => {
  const path = join(dir, file);

  it('imports, exports back and predicts the logits to 1e-4, for any batch and sequence length', async () => {
    const { graph } = await loadOnnx(path);
    expect(graph.nodes.some((nd) => ['LSTM', 'GRU', 'RNN'].includes(nd.op))).toBe(true);
    const bytes = exportModel(graph);
    expect(maxAbsDiff(await logits(bytes, x), fx(`rnn-${name}_logits.npy`))).toBeLessThan(1e-4);
    // Another batch size and sequence length through the same exported file.
    expect(maxAbsDiff(await logits(bytes, firstSteps(x, 5)), fx(`rnn-${name}_logits_t5.npy`))).toBeLessThan(1e-4);
  });

  it('differentiates d logit[y] / d input like PyTorch (1e-3 relative)', async () => {
    const { graph } = await loadOnnx(path);
    const dx = await targetLogitGradient(graph, x, y, 10);
    expect(relDiff(dx, fx(`rnn-${name}_grad.npy`))).toBeLessThan(1e-3);
  });

  it('keel train --init (SGD, no shuffle, no validation split, one epoch) lands where PyTorch did (1e-3)', () => {
    const out = join(tmp, `${file}-ft`);
    const r = keel(['train', '--init', path, '--data', join(dir, 'rnn_ft_x.npy'), '--labels', join(dir, 'rnn_ft_y.npy'), '--epochs', '1', '--batch-size', '32', '--optimizer', 'sgd', '--lr', '0.1', '--no-shuffle', '--val-split', '0', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const pred = join(tmp, `${file}-after.npy`);
    const p = keel(['predict', '--model', join(out, 'model.onnx'), '--data', join(dir, 'rnn_x.npy'), '--out', pred]);
    expect(p.status, p.stderr).toBe(0);
    const after = fx(`rnn-${name}_after.npy`);
    expect(maxAbsDiff(fx(`rnn-${name}_logits.npy`), after)).toBeGreaterThan(1e-2);
    expect(maxAbsDiff(readNpy(pred), after)).toBeLessThan(1e-3);
  });

  it('integrated gradients are complete and PGD raises the loss', async () => {
    const rows = 8;
    const xs = tensor('float32', [rows, 8, 8], (x.data as Float32Array).slice(0, rows * 64));
    const ys = tensor('int64', [rows], Array.from(y.data as BigInt64Array).slice(0, rows).map(Number));
    const { graph } = await loadOnnx(path);
    const em = await ExplainModel.create(graph);
    const ig = await new IntegratedGradients(em, { steps: 64 }).attribute(xs, { target: ys, baselines: 'zero' });
    expect(ig.attributions.shape).toEqual([rows, 8, 8]);
    for (const d of ig.delta!) expect(d).toBeLessThan(2e-2);
    const model = GraphClassifier.create((await loadOnnx(path)).graph, { rowShape: [8, 8] });
    const r = await new PgdAttack(model, { steps: 10, stepSize: 0.02, randomStart: false }).perturb(xs, ys, { eps: 0.1, norm: 'linf', clip: [0, 1] });
    await model.release();
    expect(r.adversarial.shape).toEqual([rows, 8, 8]);
    expect(r.lossTrace!.at(-1)!).toBeGreaterThan(r.lossTrace![0]!);
  });
});

afterAll(() => undefined);
