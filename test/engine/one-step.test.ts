import { describe, expect, it } from 'vitest';
import { tensor, type HostTensor } from '../../src/core/index.js';
import { Graph } from '../../src/ir/index.js';
import { activation, batchNorm, conv2d, dense, flatten, Sequential, softmaxCrossEntropy } from '../../src/nn/index.js';
import { Builder } from '../../src/ops/index.js';
import { Adam, Sgd, type Optimizer } from '../../src/optim/index.js';
import { Session, TrainStep } from '../../src/runtime/index.js';

// Tap-boxed filters (the last two convolutions meet a 1×1 and 2×2 input only) and BatchNorm's
// carried running statistics: every kind of value the train step carries from call to call.
const net = (): Sequential =>
  new Sequential([conv2d(6, 3, { padding: 1 }), batchNorm(), activation('relu'), conv2d(5, 3, { stride: 2, padding: 1 }), activation('relu'), conv2d(4, 3, { padding: 1 }), flatten(), dense(3)], { seed: 3 });
const K = 4;
const xs = tensor('float32', [K, 8, 4, 2, 2], Array.from({ length: K * 8 * 16 }, (_, i) => Math.sin(0.7 * i)));
const ys = tensor('int64', [K, 8], Array.from({ length: K * 8 }, (_, i) => (i * 7) % 3));
const lrs = [0.05, 0.04, 0.03, 0.02];
const compile = (optimizer: Optimizer): Promise<TrainStep> => {
  const tg = net().trainingGraph({ inputShape: ['N', 4, 2, 2] });
  return TrainStep.compile({ model: tg.graph, loss: softmaxCrossEntropy, target: { dtype: 'int64', shape: ['N'] }, optimizer, carried: tg.carried });
};
/** Batch `i` of a stacked [K, ...] tensor as a stack of one. */
const one = (t: HostTensor, i: number): HostTensor => {
  const row = t.data.length / t.shape[0]!;
  return { ...t, shape: [1, ...t.shape.slice(1)], data: t.data.subarray(i * row, (i + 1) * row) };
};

describe('one step per call', () => {
  for (const [name, make] of [['adam', () => new Adam()], ['sgd momentum', () => new Sgd({ momentum: 0.9 })]] as const) {
    it(`${name}: K calls of one step (no Loop) give bit-identical losses, weights, state and buffers to one call of K steps (in the Loop)`, async () => {
      const stacked = await compile(make());
      const single = await compile(make());
      const vectors = [single.params, ...single.state, single.buffers];
      const a = await stacked.run(xs, ys, lrs);
      const b: number[] = [];
      for (let i = 0; i < K; i++) b.push(...(await single.run(one(xs, i), one(ys, i), [lrs[i]!])).losses);
      expect(b).toEqual(a.losses);
      expect(Array.from(single.params)).toEqual(Array.from(stacked.params));
      single.state.forEach((s, j) => { expect(Array.from(s)).toEqual(Array.from(stacked.state[j]!)); });
      expect(single.buffers.length).toBeGreaterThan(0);
      expect(Array.from(single.buffers)).toEqual(Array.from(stacked.buffers));
      expect(single.steps).toBe(K);
      // Written in place: the host vectors are the ones the step started with.
      [single.params, ...single.state, single.buffers].forEach((v, i) => { expect(v).toBe(vectors[i]); });
      await stacked.release();
      await single.release();
    });
  }

  it('mixes one-step and stacked calls on the same vectors', async () => {
    const mixed = await compile(new Adam());
    const stacked = await compile(new Adam());
    await mixed.run(one(xs, 0), one(ys, 0), [lrs[0]!]);
    const rest = { ...xs, shape: [K - 1, ...xs.shape.slice(1)], data: xs.data.subarray(xs.data.length / K) } as HostTensor;
    const restY = { ...ys, shape: [K - 1, 8], data: ys.data.subarray(8) } as HostTensor;
    await mixed.run(rest, restY, lrs.slice(1));
    await stacked.run(xs, ys, lrs);
    expect(Array.from(mixed.params)).toEqual(Array.from(stacked.params));
    expect(Array.from(mixed.buffers)).toEqual(Array.from(stacked.buffers));
    await mixed.release();
    await stacked.release();
  });
});

describe('preallocated outputs', () => {
  it('Session.run writes a named output into a given view of a larger array, leaving the rest alone', async () => {
    const g = new Graph('double');
    const b = new Builder(g);
    const x = g.addInput('x', { dtype: 'float32', shape: [3] });
    g.setOutputs(b.add(x, x), b.mul(x, x));
    const s = await Session.create(g, { threads: 1 });
    const [sum, sq] = s.outputNames as [string, string];
    const host = new Float32Array([9, 9, 9, 9, 9]);
    const out = await s.run({ x: tensor('float32', [3], [1, 2, 3]) }, { [sum]: { dtype: 'float32', shape: [3], data: host.subarray(1, 4) }, [sq]: null });
    expect(Array.from(host)).toEqual([9, 2, 4, 6, 9]);
    expect(Array.from(out[sq]!.data, Number)).toEqual([1, 4, 9]);
    await s.release();
  });
});
