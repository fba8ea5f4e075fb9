import { describe, expect, it } from 'vitest';
import { Rng, tensor, type HostTensor } from '../../src/core/index.js';
import { loadMnist } from '../../src/datasets/index.js';
import { extraTaps, predictAll, quantizeModel, unfoldedWeight } from '../../src/efficiency/index.js';
import { Graph } from '../../src/ir/index.js';
import { Builder, convUnfold } from '../../src/ops/index.js';

const mnist = loadMnist({ shape: 'flat', trainLimit: 96, testLimit: 48 });

/** MNIST images as [N, C, 28, 28]: C consecutive images become the channels of one row. */
function images(x: HostTensor, channels: number): HostTensor<'float32'> {
  const n = Math.floor(x.shape[0]! / channels);
  return tensor('float32', [n, channels, 28, 28], (x.data as Float32Array).subarray(0, n * channels * 784));
}

interface Geometry {
  readonly c: number;
  readonly m: number;
  readonly k: number;
  readonly attrs: Record<string, number[]>;
}

// A 1-channel 3×3 'same' conv (the MNIST CNN's first layer), a strided one with uneven pads, a
// dilated 2-channel one, and a 3-channel 2×2 one (12 channels, no repeated taps) / 3×3 (27 → 36).
const GEOMETRIES: readonly Geometry[] = [
  { c: 1, m: 8, k: 3, attrs: { pads: [1, 1, 1, 1] } },
  { c: 1, m: 5, k: 3, attrs: { strides: [2, 2], pads: [0, 1, 1, 0] } },
  { c: 2, m: 6, k: 3, attrs: { dilations: [2, 2], pads: [2, 2, 2, 2] } },
  { c: 3, m: 4, k: 2, attrs: {} },
  { c: 3, m: 7, k: 3, attrs: { strides: [1, 2], pads: [1, 0, 1, 0] } },
];

/**
 * A conv (with bias) over [N, C, 28, 28] with seeded weights; with `relu`, then ReLU and Flatten
 * (so that the conv's output is quantized: a graph output stays float32).
 */
function convGraph(geo: Geometry, seed: number, relu: boolean): Graph {
  const rng = Rng.derive(seed, 'unfold-conv');
  const g = new Graph('conv');
  const b = new Builder(g);
  const x = g.addInput('x', { dtype: 'float32', shape: ['N', geo.c, 28, 28] });
  const w = g.addInitializer('w', tensor('float32', [geo.m, geo.c, geo.k, geo.k], Array.from({ length: geo.m * geo.c * geo.k * geo.k }, () => rng.uniform() - 0.5)));
  const bias = g.addInitializer('bias', tensor('float32', [geo.m], Array.from({ length: geo.m }, () => 0.2 * (rng.uniform() - 0.5))));
  const y = b.op1('Conv', [x, w, bias], { kernel_shape: [geo.k, geo.k], ...geo.attrs }, { name: 'conv' });
  g.setOutputs(relu ? b.op1('Flatten', [b.op1('Relu', [y])]) : y);
  return g;
}

const maxOf = (a: HostTensor): number => (a.data as Float32Array).reduce((m, v) => Math.max(m, v), -Infinity);
const maxAbsDiff = (a: HostTensor, b: HostTensor): number => {
  expect(a.shape).toEqual(b.shape);
  let d = 0;
  for (let i = 0; i < a.data.length; i++) d = Math.max(d, Math.abs(Number(a.data[i]) - Number(b.data[i])));
  return d;
};

describe('unfolded convolutions', () => {
  it('a conv cut into its kernel taps and run as a 1×1 conv over them computes the conv (onnxruntime’s own Conv as reference)', async () => {
    for (const [i, geo] of GEOMETRIES.entries()) {
      const g = convGraph(geo, i, false);
      const conv = g.nodes.find((n) => n.op === 'Conv')!;
      const b = new Builder(g);
      const taps = convUnfold(b, conv, g.inputs[0]!)!;
      expect(taps.length).toBe(geo.k * geo.k);
      const extra = extraTaps(taps.length, geo.c);
      expect(((taps.length + extra) * geo.c) % 4).toBe(0);
      const w1 = g.addInitializer('w1', unfoldedWeight(g.initializers.find((v) => v.name === 'w')!.known!, extra));
      const cols = b.op1('Concat', [...taps, ...taps.slice(0, extra)], { axis: 1 });
      const y1 = b.op1('Conv', [cols, w1, g.initializers.find((v) => v.name === 'bias')!], { kernel_shape: [1, 1] });
      const direct = g.outputs[0]!;
      g.setOutputs(y1);
      const unfolded = await predictAll(g, images(mnist.train.x, geo.c));
      g.setOutputs(direct);
      const reference = await predictAll(g, images(mnist.train.x, geo.c));
      expect(maxAbsDiff(unfolded, reference), `geometry ${i}`).toBeLessThan(1e-5);
    }
  });

  it('static int8 runs a short-reduction conv unfolded: the same outputs as the plain int8 conv, close to float32', async () => {
    for (const [i, geo] of GEOMETRIES.entries()) {
      const g = convGraph(geo, i, true);
      const calibration = images(mnist.train.x, geo.c);
      const held = images(mnist.test.x, geo.c);
      const unfolded = await quantizeModel(g, { mode: 'static', placement: 'all', calibration });
      const plain = await quantizeModel(g, { mode: 'static', placement: 'all', calibration, unfoldReduction: 0 });
      expect(unfolded.report.quantized).toEqual([{ node: 'conv', op: 'Conv', unfolded: true }]);
      expect(plain.report.quantized).toEqual([{ node: 'conv', op: 'Conv' }]);
      const pointwise = unfolded.graph.nodes.find((n) => n.name === 'conv')!;
      expect(pointwise.attrs['kernel_shape']).toEqual([1, 1]);
      expect(pointwise.input(1).shape[1]).toBe((geo.k * geo.k + extraTaps(geo.k * geo.k, geo.c)) * geo.c);
      const [a, p, f] = await Promise.all([predictAll(unfolded.graph, held), predictAll(plain.graph, held), predictAll(g, held)]);
      // Same quantized input, weights, bias and output scale: the integer sums are equal, and so
      // are the requantized outputs, exactly.
      expect(maxAbsDiff(a, p), `geometry ${i}`).toBe(0);
      expect(maxAbsDiff(a, f), `geometry ${i}`).toBeLessThan(0.05 * maxOf(f));
    }
  });

  it('unfoldReduction bounds which convs are unfolded', async () => {
    const g = convGraph(GEOMETRIES[4]!, 4, true);
    const calibration = images(mnist.train.x, 3);
    const at26 = await quantizeModel(g, { mode: 'static', placement: 'all', calibration, unfoldReduction: 26 });
    expect(at26.report.quantized).toEqual([{ node: 'conv', op: 'Conv' }]);
    const at27 = await quantizeModel(g, { mode: 'static', placement: 'all', calibration, unfoldReduction: 27 });
    expect(at27.report.quantized).toEqual([{ node: 'conv', op: 'Conv', unfolded: true }]);
  });
});
