import { beforeAll, describe, expect, it } from 'vitest';
import type { HostTensor } from '../../src/core/index.js';
import { loadMnist } from '../../src/datasets/index.js';
import { ChannelPruner, countCosts, predictAll, pruneModel, removeZeroChannels, trainGraph } from '../../src/efficiency/index.js';
import type { Graph } from '../../src/ir/index.js';
import { conv2d, dense, flatten, maxPool2d, Sequential } from '../../src/nn/index.js';
import { loadOnnx } from '../../src/onnx/index.js';

/** conv(c1,3×3,same) ReLU pool2, conv(c2) ReLU pool2, flatten, dense(d) ReLU, dense(10) on 28×28 MNIST. */
const cnn = (c1: number, c2: number, d: number): Graph =>
  new Sequential([conv2d(c1, 3, { padding: 'same', activation: 'relu' }), maxPool2d(2), conv2d(c2, 3, { padding: 'same', activation: 'relu' }), maxPool2d(2), flatten(), dense(d, { activation: 'relu' }), dense(10)], { seed: 4 }).graph({ inputShape: ['N', 1, 28, 28] });
const params = (c1: number, c2: number, d: number): number => c1 * 9 + c1 + c2 * c1 * 9 + c2 + 49 * c2 * d + d + d * 10 + 10;
// Per sample: conv 2·out·window + bias, ReLU one per element, 2×2 max pool 4 per output, Gemm 2·K·N + N.
const flops = (c1: number, c2: number, d: number): number =>
  2 * 784 * c1 * 9 + 784 * c1 + 784 * c1 + 196 * c1 * 4 + 2 * 196 * c2 * c1 * 9 + 196 * c2 + 196 * c2 + 49 * c2 * 4 + 2 * 49 * c2 * d + d + d + 2 * d * 10 + 10;
const total = (g: Graph, k: 'parameters' | 'flops'): number => countCosts(g).reduce((s, c) => s + c[k], 0);
const maxDiff = (a: HostTensor, b: HostTensor): number => {
  let m = 0;
  for (let i = 0; i < a.data.length; i++) m = Math.max(m, Math.abs(Number(a.data[i]) - Number(b.data[i])));
  return m;
};

describe('structured (channel) pruning shrinks the layers', () => {
  const m = loadMnist({ shape: 'image', trainLimit: 3000, testLimit: 1000 });
  const base = cnn(8, 16, 32);
  beforeAll(async () => {
    await trainGraph(base, m.train.x, m.train.y, { epochs: 2, lr: 2e-3, batchSize: 64, seed: 3 });
  }, 120_000);

  it('halving the channels gives the hand-computed parameters and FLOPs, and the same function as zeroing', async () => {
    expect(total(base, 'parameters')).toBe(params(8, 16, 32));
    expect(total(base, 'flops')).toBe(flops(8, 16, 32));
    const zeroed = await pruneModel(base, { pruner: new ChannelPruner(), sparsity: 0.5, shrink: false });
    const cut = await pruneModel(base, { pruner: new ChannelPruner(), sparsity: 0.5 });
    const s = cut.report.structure!;
    expect(s.removed.map((r) => [r.op, r.channelsBefore, r.channelsAfter])).toEqual([['Conv', 8, 4], ['Conv', 16, 8], ['Gemm', 32, 16]]);
    expect(s.kept).toEqual([]);
    expect([s.parametersBefore, s.parametersAfter]).toEqual([params(8, 16, 32), params(4, 8, 16)]);
    expect([s.flopsBefore, s.flopsAfter]).toEqual([flops(8, 16, 32), flops(4, 8, 16)]);
    expect(s.bytesAfter).toBeLessThan(0.3 * s.bytesBefore);
    expect(cut.graph.initializers.map((v) => v.shape)).toEqual([[4, 1, 3, 3], [4], [8, 4, 3, 3], [8], [16, 392], [16], [10, 16], [10]]);
    const x = m.test.x;
    expect(maxDiff(await predictAll(zeroed.graph, x), await predictAll(cut.graph, x))).toBeLessThan(1e-4);
  });

  it('after fine-tuning on MNIST, the half-width model stays within 3 points of the original', async () => {
    const r = await pruneModel(base, { pruner: new ChannelPruner(), sparsity: 0.5, fineTune: { x: m.train.x, y: m.train.y, options: { epochs: 1, lr: 2e-3, batchSize: 64, seed: 2 } }, evaluation: { x: m.test.x, y: m.test.y } });
    const ev = r.report.afterFineTuning!;
    expect(ev.accuracyBefore!).toBeGreaterThan(0.85);
    expect(ev.accuracyAfter!).toBeGreaterThan(r.report.afterPruning!.accuracyAfter!);
    expect(ev.accuracyDropPoints!).toBeLessThanOrEqual(3);
    expect(total(r.graph, 'parameters')).toBe(params(4, 8, 16));
  }, 120_000);

  it('channels that feed a residual Add or a Sigmoid stay (zeroed) and are listed; a Gemm before Tanh is cut', async () => {
    const { graph } = await loadOnnx('test/fixtures/torch-reference/cnn.onnx');
    const zeroed = await pruneModel(graph, { pruner: new ChannelPruner(), sparsity: 0.25, shrink: false });
    const r = removeZeroChannels(zeroed.graph);
    expect(r.removed.map((c) => [c.op, c.channelsBefore, c.channelsAfter])).toEqual([['Gemm', 32, 24]]);
    expect(r.kept.map((k) => k.reason)).toEqual([expect.stringMatching(/read by 2 nodes \(Conv, Add\)/), expect.stringMatching(/Add/), expect.stringMatching(/Sigmoid/)]);
    const x = (await import('../../src/io/index.js')).readNpy('test/fixtures/torch-reference/cnn_x.npy');
    expect(maxDiff(await predictAll(zeroed.graph, x), await predictAll(r.graph, x))).toBeLessThan(1e-4);
  });
});
