import { describe, expect, it } from 'vitest';
import { tensor } from '../../src/core/index.js';
import { activation, conv2d, dense, flatten, Sequential, softmaxCrossEntropy } from '../../src/nn/index.js';
import { parseOnnx } from '../../src/onnx/index.js';
import { Adam, Sgd, type Optimizer } from '../../src/optim/index.js';
import { TrainStep } from '../../src/runtime/index.js';

// 4×2×2 inputs: the first 3×3 filter meets the input with all taps, the stride-2 one (2×2 → 1×1)
// with its lower-right 2×2 taps, the last (1×1 → 1×1) with its centre only.
const net = (): Sequential =>
  new Sequential([conv2d(6, 3, { padding: 1 }), activation('relu'), conv2d(5, 3, { stride: 2, padding: 1 }), activation('relu'), conv2d(4, 3, { padding: 1 }), flatten(), dense(3)], { seed: 3 });
const xs = tensor('float32', [3, 8, 4, 2, 2], Array.from({ length: 3 * 8 * 16 }, (_, i) => Math.sin(0.7 * i)));
const ys = tensor('int64', [3, 8], Array.from({ length: 24 }, (_, i) => (i * 7) % 3));
const compile = (optimizer: Optimizer): Promise<TrainStep> =>
  TrainStep.compile({ model: net().graph({ inputShape: ['N', 4, 2, 2], training: true }), loss: softmaxCrossEntropy, target: { dtype: 'int64', shape: ['N'] }, optimizer });
/** The same optimizer without `idleWhenZero`: the train step then updates whole filters. */
const whole = (o: Optimizer): Optimizer => ({ name: o.name, stateSize: o.stateSize, update: (b, io) => o.update(b, io) });

describe('filters trained only on the taps that meet the input', () => {
  for (const [name, make] of [['adam', () => new Adam()], ['sgd momentum', () => new Sgd({ momentum: 0.9 })]] as const) {
    it(`${name}: carries the 2×2 and 1×1 tap boxes and gives bit-identical weights and state to whole-filter training`, async () => {
      const boxed = await compile(make());
      const full = await compile(whole(make()));
      const shapes = parseOnnx(boxed.onnx).graph.inputs.filter((v) => v.name.startsWith('param')).map((v) => v.shape);
      expect(shapes).toContainEqual([5, 6, 2, 2]);
      expect(shapes).toContainEqual([4, 5, 1, 1]);
      expect(parseOnnx(full.onnx).graph.inputs.filter((v) => v.name.startsWith('param')).map((v) => v.shape)).not.toContainEqual([4, 5, 1, 1]);
      const start = Float32Array.from(boxed.params);
      const a = await boxed.run(xs, ys, [0.05, 0.05, 0.05]);
      const b = await full.run(xs, ys, [0.05, 0.05, 0.05]);
      expect(a.losses).toEqual(b.losses);
      expect(Array.from(boxed.params)).toEqual(Array.from(full.params));
      boxed.state.forEach((s, j) => { expect(Array.from(s)).toEqual(Array.from(full.state[j]!)); });
      // The untouched taps did not move; the trained ones did.
      const at = boxed.layout().get([...boxed.weights().keys()].find((k) => boxed.weights().get(k)!.shape.join() === '4,5,3,3')!)!;
      expect(boxed.params[at.offset]).toBe(start[at.offset]);
      expect(boxed.params[at.offset + 4]).not.toBe(start[at.offset + 4]);
      await boxed.release();
      await full.release();
    });
  }

  it('state that is nonzero outside a box (set from outside) falls back to whole-filter training, still exact', async () => {
    const boxed = await compile(new Adam());
    const full = await compile(whole(new Adam()));
    await boxed.run(xs, ys, [0.01, 0.01, 0.01]);
    await full.run(xs, ys, [0.01, 0.01, 0.01]);
    const corner = [...boxed.layout().values()].find((s) => s.size === 4 * 5 * 9)!.offset;
    for (const step of [boxed, full]) step.state = step.state.map((s) => Float32Array.from(s, (v, i) => (i === corner ? 0.02 : v)));
    const before = boxed.params[corner]!;
    await boxed.run(xs, ys, [0.01, 0.01, 0.01]);
    await full.run(xs, ys, [0.01, 0.01, 0.01]);
    expect(Array.from(boxed.params)).toEqual(Array.from(full.params));
    expect(boxed.params[corner]).not.toBe(before);
    await boxed.release();
    await full.release();
  });

  it('weight decay moves every tap, so no box is used', async () => {
    const step = await compile(new Adam({ weightDecay: 0.01 }));
    expect(parseOnnx(step.onnx).graph.inputs.map((v) => v.shape)).not.toContainEqual([4, 5, 1, 1]);
    await step.release();
  });
});

describe('the host vectors', () => {
  it('run writes the new weights and state into the same vectors (no fresh 45 MB arrays per call), matching a fresh step fed a copy', async () => {
    const step = await compile(new Adam());
    const params = step.params;
    const state = step.state;
    const copy = await compile(new Adam());
    copy.params = Float32Array.from(step.params);
    await step.run(xs, ys, [0.01, 0.01, 0.01]);
    await copy.run(xs, ys, [0.01, 0.01, 0.01]);
    expect(step.params).toBe(params);
    step.state.forEach((s, j) => { expect(s).toBe(state[j]); });
    expect(Array.from(step.params)).toEqual(Array.from(copy.params));
    await step.release();
    await copy.release();
  });
});
