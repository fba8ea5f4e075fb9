import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tensor, type HostTensor } from '../core/index.js';
import { readNpy } from '../io/index.js';
import { Adam } from '../optim/index.js';
import { Session, TrainStep } from '../runtime/index.js';
import { modelFromSpec, softmaxCrossEntropy, type ModelSpec, type Network } from './index.js';

// Real data: scikit-learn digits as 8 rows of 8 grey levels (test/fixtures/torch-zoo/make_rnn.py).
const dir = join(import.meta.dirname, '../../test/fixtures/torch-zoo');
const x = readNpy(join(dir, 'rnn_ft_x.npy'));
const y = readNpy(join(dir, 'rnn_ft_y.npy'));
/** The same digits as token sequences: 64 grey levels 0–16 per image. */
const tokens = tensor('int64', [x.shape[0]!, 64], Array.from(x.data as Float32Array, (v) => Math.round(v * 16)));

/** Trains `epochs` passes of Adam (lr 0.01, batches of 32, file order) and returns the per-step losses. */
async function train(model: Network, data: HostTensor, epochs: number): Promise<number[]> {
  const rowShape = data.shape.slice(1);
  const tg = model.trainingGraph({ inputShape: ['N', 'T', ...rowShape.slice(1)], inputDtype: data.dtype });
  const step = await TrainStep.compile({ model: tg.graph, loss: softmaxCrossEntropy, target: { dtype: 'int64', shape: ['N'] }, optimizer: new Adam() });
  const k = data.shape[0]! / 32;
  const losses: number[] = [];
  for (let e = 0; e < epochs; e++) losses.push(...(await step.run({ ...data, shape: [k, 32, ...rowShape] }, { ...y, shape: [k, 32] }, new Array<number>(k).fill(0.01))).losses);
  model.setWeights(step.weights());
  await step.release();
  return losses;
}

async function logits(model: Network, data: HostTensor): Promise<HostTensor> {
  const s = await Session.create(model.graph({ inputShape: ['N', 'T', ...data.shape.slice(2)], inputDtype: data.dtype }));
  const out = (await s.run({ input: data }))['logits']!;
  await s.release();
  return out;
}

describe('recurrent layers (lstm, gru, rnn) from a JSON model spec', () => {
  it('embedding → bidirectional LSTM → GRU → dense learns digits as token sequences, for any length', async () => {
    const spec: ModelSpec = { layers: [{ type: 'embedding', vocab: 17, dim: 8 }, { type: 'lstm', units: 12, returnSequences: true, bidirectional: true }, { type: 'gru', units: 12 }, { type: 'dense', units: 10 }] };
    const model = modelFromSpec(spec, { outputs: 10, seed: 3 });
    const losses = await train(model, tokens, 25);
    expect(model.parameterCount()).toBe(17 * 8 + 2 * (4 * 12 * 8 + 4 * 12 * 12 + 8 * 12) + (3 * 12 * 24 + 3 * 12 * 12 + 6 * 12) + 12 * 10 + 10);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.8);
    // The trained graph takes any sequence length.
    for (const t of [5, 64]) {
      const part = tensor('int64', [3, t], Array.from({ length: 3 * t }, (_, i) => Number(tokens.data[Math.floor(i / t) * 64 + (i % t)])));
      expect((await logits(model, part)).shape).toEqual([3, 10]);
    }
  });

  it('rnn → lstm → dense on the 8×8 rows trains, and bad specs name the field', async () => {
    const model = modelFromSpec({ layers: [{ type: 'rnn', units: 16, returnSequences: true }, { type: 'lstm', units: 16 }, { type: 'dense', units: 10 }] }, { outputs: 10, seed: 5 });
    const losses = await train(model, x, 20);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.8);
    expect(() => modelFromSpec({ layers: [{ type: 'gru', units: 0 }] } as never, { outputs: 2 })).toThrow(/layers\.0\.units/);
  });
});
