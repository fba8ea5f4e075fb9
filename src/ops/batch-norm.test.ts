import { describe, expect, it } from 'vitest';
import { tensor } from '../core/index.js';
import { Graph, type Value } from '../ir/index.js';
import { Session } from '../session/index.js';
import { channelMap } from './batch-norm.js';
import { batchNormTraining, Builder, getPrimitive } from './index.js';

/** Ops of the nodes from index `from` on whose output has the activations' shape (each one writes a full tensor). */
function fullPasses(g: Graph, from: number, x: Value): string[] {
  const same = (v: Value): boolean => v.rank === x.rank && v.shape.every((d, i) => d === x.shape[i]);
  return g.nodes.slice(from).filter((n) => n.outputs.some(same)).map((n) => n.op);
}

describe('batchNormTraining', () => {
  it.each([
    ['[N, C, H, W]', ['N', 8, 4, 4], ['BatchNormalization'], 'BatchNormalization'],
    ['[N, C] (element-wise maps)', ['N', 8], ['Mul', 'Add'], 'Sub'],
  ])('on %s: the gradient rule folds the batch statistics into dx', (_, shape, affine, center) => {
    const g = new Graph('bn');
    const b = new Builder(g);
    const x = g.addInput('x', { dtype: 'float32', shape });
    const gamma = g.addInput('gamma', { dtype: 'float32', shape: [8] });
    const beta = g.addInput('beta', { dtype: 'float32', shape: [8] });
    const dy = g.addInput('dy', { dtype: 'float32', shape });
    const { y } = batchNormTraining(b, x, gamma, beta, 1e-5);
    // Forward: x − μ, its square, the normalized output (one BatchNormalization node).
    expect(fullPasses(g, 0, x)).toEqual([center, 'Mul', 'BatchNormalization']);
    const before = g.nodes.length;
    const grads = getPrimitive('BatchNormalization').grad!(b, y.producer!, [dy]);
    // dx, dγ, dβ; no gradient for μ and σ²: their part is in dx already.
    expect(grads.map((v) => v?.shape ?? null)).toEqual([shape, [8], [8], null, null]);
    // dy·(x − μ) for its sum, then γσ⁻¹·(dy − mean(dy) − (x − μ)·k): affine, add, scale.
    const scale = affine.length === 1 ? affine : ['Mul'];
    expect(fullPasses(g, before, x)).toEqual(['Mul', ...affine, 'Add', ...scale]);
  });

  it('keeps running statistics (inference mode) differentiable', () => {
    const g = new Graph('bn');
    const b = new Builder(g);
    const x = g.addInput('x', { dtype: 'float32', shape: ['N', 3, 2, 2] });
    const [s, c, m, v] = ['s', 'c', 'm', 'v'].map((n) => g.addInput(n, { dtype: 'float32', shape: [3] }));
    const y = b.op1('BatchNormalization', [x, s!, c!, m!, v!]);
    const grads = getPrimitive('BatchNormalization').grad!(b, y.producer!, [g.addInput('dy', { dtype: 'float32', shape: ['N', 3, 2, 2] })]);
    expect(grads.map((d) => d?.shape ?? null)).toEqual([['N', 3, 2, 2], [3], [3], [3], [3]]);
  });

  it('maps channels through the BatchNormalization kernel exactly: x − μ bit for bit, x·a + b to float rounding', async () => {
    const g = new Graph('maps');
    const b = new Builder(g);
    const x = g.addInput('x', { dtype: 'float32', shape: ['N', 3, 2, 2] });
    const [mean, a, c] = ['mean', 'a', 'c'].map((n) => g.addInput(n, { dtype: 'float32', shape: [3] })) as [Value, Value, Value];
    const centered = channelMap(b, x, mean, { mean });
    const affine = channelMap(b, x, a, { scale: a, shift: c });
    expect([centered.producer?.op, affine.producer?.op]).toEqual(['BatchNormalization', 'BatchNormalization']);
    g.setOutputs(centered, affine);
    const xs = Float32Array.from({ length: 24 }, (_, i) => Math.sin(i * 1.7) * 3 + 5);
    const feeds = { x: tensor('float32', [2, 3, 2, 2], xs), mean: tensor('float32', [3], [4.9, -0.3, 1e-3]), a: tensor('float32', [3], [0.7, -2.3, 1e4]), c: tensor('float32', [3], [0.1, 3, -7]) };
    const s = await Session.create(g);
    const [xc, y] = Object.values(await s.run(feeds));
    await s.release();
    const ch = (i: number): number => Math.floor(i / 4) % 3;
    const f = (k: 'mean' | 'a' | 'c', i: number): number => Number(feeds[k].data[ch(i)]);
    expect(Array.from(xc!.data as Float32Array)).toEqual(Array.from(xs, (v, i) => Math.fround(v - f('mean', i))));
    Array.from(y!.data as Float32Array).forEach((v, i) => {
      const want = xs[i]! * f('a', i) + f('c', i);
      expect(Math.abs(v - want)).toBeLessThanOrEqual(2 ** -22 * Math.abs(xs[i]! * f('a', i)) + 2 ** -23 * Math.abs(want));
    });
  });
});
