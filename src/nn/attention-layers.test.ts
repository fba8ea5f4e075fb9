import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tensor, type HostTensor } from '../core/index.js';
import { readNpz } from '../io/index.js';
import { Sgd } from '../optim/index.js';
import { Session, TrainStep } from '../runtime/index.js';
import { modelFromSpec, Sequential, sinusoidalTable, softmaxCrossEntropy, transformerEncoderLayer } from './index.js';

// References from test/fixtures/torch-zoo/make_zoo.py (layers()): PyTorch 1.13 encoder layers.
const refs = readNpz(join(import.meta.dirname, '../../test/fixtures/torch-zoo/layers.npz'));
const get = (k: string): HostTensor => refs.get(k)!;

function maxDiff(a: HostTensor, b: HostTensor): number {
  expect(a.shape).toEqual(b.shape);
  let m = 0;
  for (let i = 0; i < a.data.length; i++) m = Math.max(m, Math.abs(Number(a.data[i]) - Number(b.data[i])));
  return m;
}

describe('transformerEncoderLayer matches nn.TransformerEncoderLayer (batch_first) with PyTorch weights loaded by name', () => {
  const cases = [
    { tag: 'post_relu', opts: { heads: 4, ff: 24, dropout: 0, activation: 'relu', normFirst: false, causal: false } },
    { tag: 'pre_gelu_causal', opts: { heads: 4, ff: 24, dropout: 0, activation: 'gelu', normFirst: true, causal: true } },
  ] as const;
  it.each(cases)('$tag: outputs to 1e-5 at a symbolic batch and length', async ({ tag, opts }) => {
    const model = new Sequential([transformerEncoderLayer(opts)], { seed: 0 });
    model.graph({ inputShape: ['N', 'T', 16] });
    const torchNames = [...refs.keys()].filter((k) => k.startsWith(`${tag}.encoder0.`)).map((k) => k.slice(tag.length + 1));
    expect([...model.params.keys()].sort()).toEqual(torchNames.sort());
    model.setWeights(new Map(torchNames.map((k) => [k, get(`${tag}.${k}`)])));
    const s = await Session.create(model.graph({ inputShape: ['N', 'T', 16] }));
    const y = (await s.run({ input: get(`${tag}.x`) }))['logits']!;
    await s.release();
    expect(maxDiff(y, get(`${tag}.y`))).toBeLessThan(1e-5);
  });
});

describe('positional encodings', () => {
  it('the sinusoidal table equals the PyTorch tutorial formula', () => {
    expect(maxDiff(sinusoidalTable(12, 16), get('sinusoidal'))).toBeLessThan(1e-6);
  });

  it('a JSON-spec transformer classifier (learned positions, pre-norm GELU encoder, mean pool) trains: loss falls on a fixed batch', async () => {
    const model = modelFromSpec(
      {
        layers: [
          { type: 'positional_encoding', kind: 'learned', maxLength: 16 },
          { type: 'transformer_encoder', heads: 2, ff: 16, dropout: 0, activation: 'gelu', normFirst: true },
          { type: 'sequence_pool', mode: 'mean' },
          { type: 'dense', units: 3 },
        ],
      },
      { outputs: 3, seed: 1 },
    );
    const g = model.graph({ inputShape: ['N', 'T', 8] });
    const step = await TrainStep.compile({ model: g, loss: softmaxCrossEntropy, target: { dtype: 'int64', shape: ['N'] }, optimizer: new Sgd() });
    const rows = 6;
    const x = tensor('float32', [1, rows, 5, 8], Array.from({ length: rows * 40 }, (_, i) => Math.sin(i * 0.37)));
    const y = tensor('int64', [1, rows], [0, 1, 2, 0, 1, 2]);
    const first = (await step.run(x, y, [0.5])).losses[0]!;
    let last = first;
    for (let i = 0; i < 30; i++) last = (await step.run(x, y, [0.5])).losses[0]!;
    await step.release();
    expect(Number.isFinite(first)).toBe(true);
    expect(last).toBeLessThan(first * 0.8);
  });
});
