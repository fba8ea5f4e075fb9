import { describe, expect, it } from 'vitest';
import { isKeelError, tensor } from '../../src/core/index.js';
import { Graph } from '../../src/ir/index.js';
import { dense, dropout, Sequential, softmaxCrossEntropy } from '../../src/nn/index.js';
import { Builder } from '../../src/ops/index.js';
import { Sgd } from '../../src/optim/index.js';
import { availableProviders, Session, TrainStep } from '../../src/runtime/index.js';

function relu(): Graph {
  const g = new Graph('relu');
  const b = new Builder(g);
  const x = g.addInput('x', { dtype: 'float32', shape: ['N'] });
  g.setOutputs(b.op1('Relu', [x]));
  return g;
}

describe('sessions', () => {
  it('lists the CPU provider and refuses a provider that is not installed with a typed error', async () => {
    expect(availableProviders()).toContain('cpu');
    const missing = (['cuda', 'tensorrt'] as const).find((p) => !availableProviders().includes(p));
    expect(missing).toBeDefined();
    const err = await Session.create(relu(), { provider: missing! }).catch((e: unknown) => e);
    expect(isKeelError(err, 'PROVIDER_UNAVAILABLE')).toBe(true);
    expect((err as Error).message).toContain('--provider cpu');
  });

  it('falls back to the CPU when asked, and computes the same result', async () => {
    const s = await Session.create(relu(), { provider: 'cuda', fallbackToCpu: true, threads: 1 });
    const out = Object.values(await s.run({ x: tensor('float32', [3], [-1, 0.5, 2]) }))[0]!;
    expect(Array.from(out.data, Number)).toEqual([0, 0.5, 2]);
    await s.release();
  });
});

describe('determinism', () => {
  async function trainTwice(seed: number): Promise<Float32Array> {
    const model = new Sequential([dense(8, { activation: 'relu' }), dropout(0.5), dense(3)], { seed });
    const step = await TrainStep.compile({ model: model.graph({ inputShape: ['N', 4], training: true }), loss: softmaxCrossEntropy, target: { dtype: 'int64', shape: ['N'] }, optimizer: new Sgd({ momentum: 0.9 }) });
    const xs = tensor('float32', [3, 6, 4], Array.from({ length: 72 }, (_, i) => Math.sin(i)));
    const ys = tensor('int64', [3, 6], Array.from({ length: 18 }, (_, i) => i % 3));
    await step.run(xs, ys, [0.1, 0.1, 0.1]);
    await step.release();
    return step.params;
  }

  it('the same seed gives the same weights, dropout masks included; another seed does not', async () => {
    const a = await trainTwice(5);
    const b = await trainTwice(5);
    const c = await trainTwice(6);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });
});

describe('frozen weights in the training loop', () => {
  it('a weight excluded from training is read from the enclosing graph, stays fixed, and the model still learns', async () => {
    // MNIST-free, exact: logits = x · (W ⊙ M) with M frozen. Before the export fix, M (read only
    // inside the Loop body) was dropped from the outer graph's initializers and ORT refused the model.
    const g = new Graph('masked');
    const b = new Builder(g);
    const x = g.addInput('input', { dtype: 'float32', shape: ['N', 4] });
    const w = g.addInitializer('w', tensor('float32', [4, 3], new Float32Array(12).fill(0.1)));
    const m = g.addInitializer('mask', tensor('float32', [4, 3], [1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1]));
    g.setOutputs(b.op1('MatMul', [x, b.mul(w, m)]));
    const step = await TrainStep.compile({ model: g, loss: softmaxCrossEntropy, target: { dtype: 'int64', shape: ['N'] }, optimizer: new Sgd(), trainable: (v) => v.name === 'w' });
    // The same batch four times: its loss must fall step by step.
    const xs = tensor('float32', [4, 2, 4], Array.from({ length: 32 }, (_, i) => [1, 0.2, 0.5, 0, 0, 0.4, 0.1, 1][i % 8]!));
    const ys = tensor('int64', [4, 2], BigInt64Array.from([0n, 2n, 0n, 2n, 0n, 2n, 0n, 2n]));
    const { losses } = await step.run(xs, ys, [0.5, 0.5, 0.5, 0.5]);
    for (let i = 1; i < 4; i++) expect(losses[i]).toBeLessThan(losses[i - 1]!);
    const trained = step.weights();
    expect(trained.has('mask')).toBe(false);
    expect(Array.from((trained.get('w')!.data as Float32Array).slice(0, 3))).not.toEqual([0.1, 0.1, 0.1].map(Math.fround));
    await step.release();
  });
});
