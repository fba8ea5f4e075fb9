import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isKeelError, type HostTensor } from '../../src/core/index.js';
import { loadMnist } from '../../src/datasets/index.js';
import { Graph } from '../../src/ir/index.js';
import { batchNorm, conv2d, dense, flatten, Sequential } from '../../src/nn/index.js';
import { exportModel, loadOnnx, parseOnnx } from '../../src/onnx/index.js';
import { fit, Fitter, GradualUnfreezing, rowSlice } from '../../src/train/index.js';
import { depthLrFactors, embed, layerGroups, transferModel } from '../../src/transfer/index.js';

const fx = (name: string): string => join(import.meta.dirname, '../fixtures/transfer', name);
const data = loadMnist({ shape: 'image', trainLimit: 256, testLimit: 1 }).train;
const x = data.x;
const y = data.y;

function bytesOf(t: HostTensor): Uint8Array {
  const d = t.data as Float32Array;
  return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
}

/** Node count by op type in a graph and its Loop bodies. */
function opCounts(g: Graph, out = new Map<string, number>()): Map<string, number> {
  for (const n of g.nodes) {
    out.set(n.op, (out.get(n.op) ?? 0) + 1);
    for (const a of Object.values(n.attrs)) if (a instanceof Graph) opCounts(a, out);
  }
  return out;
}

function errorCode(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return isKeelError(e) ? e.code : String(e);
  }
  return 'no error';
}

describe('transfer learning from an imported torchvision CNN', () => {
  it('freezing the backbone keeps every backbone initializer (BatchNorm statistics included) bit-identical, while the new head trains', async () => {
    const { graph } = await loadOnnx(fx('tiny_resnet.onnx'));
    const original = new Map(graph.initializers.map((v) => [v.name, bytesOf(v.known!).slice()]));
    const t = transferModel(graph, { cutAt: 'auto', head: [dense(10)] });
    const frozen = t.select('*');
    expect(frozen.size).toBeGreaterThan(10);
    expect([...frozen].some((n) => n.startsWith('head.'))).toBe(false);
    t.model.graph({ inputShape: ['N', 1, 28, 28] });
    const before = new Map([...t.model.params].map(([k, v]) => [k, bytesOf(v).slice()]));
    await fit(t.model, x, y, { epochs: 2, batchSize: 32, lr: 1e-2, frozen, trainEvalRows: 0 });
    const after = t.model.graph({ inputShape: ['N', 1, 28, 28] });
    let checked = 0;
    for (const v of after.initializers) {
      const src = original.get(v.name);
      if (!src) continue;
      expect(Buffer.from(bytesOf(v.known!)).equals(Buffer.from(src)), v.name).toBe(true);
      checked++;
    }
    expect(checked).toBe(original.size - 2); // everything but the replaced fc.weight and fc.bias
    const head = after.initializers.find((v) => v.name === 'head.dense1.weight')!;
    expect(Buffer.from(bytesOf(head.known!)).equals(Buffer.from(before.get('head.dense1.weight')!))).toBe(false);
  });

  it('the compiled step has no gradient for frozen weights: no backward Conv nodes and a parameter vector of the head only', async () => {
    const { graph } = await loadOnnx(fx('tiny_resnet.onnx'));
    const t = transferModel(graph, { cutAt: 'auto', head: [dense(10)] });
    const like = { dtype: 'float32' as const, shape: [1, 1, 28, 28] };
    const frozenFit = await Fitter.create(t.model, like, { epochs: 1, frozen: t.select('*') });
    const fullFit = await Fitter.create(transferModel(graph, { cutAt: 'auto', head: [dense(10)] }).model, like, { epochs: 1 });
    try {
      const frozenOps = opCounts(parseOnnx(frozenFit.onnx).graph);
      const fullOps = opCounts(parseOnnx(fullFit.onnx).graph);
      expect(frozenOps.get('Conv')).toBe(6); // the 6 forward convolutions, nothing else
      expect(fullOps.get('Conv') ?? 0).toBeGreaterThan(6); // weight gradients of trained convolutions
      expect(frozenFit.parameterCount).toBe(16 * 10 + 10);
    } finally {
      await frozenFit.release();
      await fullFit.release();
    }
  });

  it('a Keel network with a frozen BatchNorm runs it in inference mode: its statistics and the frozen conv stay bit-identical', async () => {
    const net = new Sequential([conv2d(4, 3, { activation: 'relu' }), batchNorm(), flatten(), dense(10)], { seed: 1 });
    net.graph({ inputShape: ['N', 1, 28, 28] });
    const start = new Map([...net.params].map(([k, v]) => [k, bytesOf(v).slice()]));
    const frozen = ['conv2d0.weight', 'conv2d0.bias', 'batchnorm1.weight', 'batchnorm1.bias'];
    await fit(net, x, y, { epochs: 1, batchSize: 32, frozen, trainEvalRows: 0 });
    for (const name of [...frozen, 'batchnorm1.running_mean', 'batchnorm1.running_var']) expect(Buffer.from(bytesOf(net.params.get(name)!)).equals(Buffer.from(start.get(name)!)), name).toBe(true);
    expect(Buffer.from(bytesOf(net.params.get('dense3.weight')!)).equals(Buffer.from(start.get('dense3.weight')!))).toBe(false);
  });

  it('gradual unfreezing with discriminative learning rates resumes from a checkpoint to the same weights as an uninterrupted run', async () => {
    const { graph } = await loadOnnx(fx('tiny_resnet.onnx'));
    const run = async (epochs: number, dir: string): Promise<Float32Array> => {
      const t = transferModel(graph, { cutAt: 'auto', head: [dense(10)], seed: 3 });
      const groups = layerGroups(t.model.graph({ inputShape: ['N', 1, 28, 28] }));
      const frozen = t.select('*');
      const r = await fit(t.model, rowSlice(x, 0, 96), rowSlice(y, 0, 96), { epochs, batchSize: 32, seed: 5, frozen, lrFactors: depthLrFactors(groups, 0.5), callbacks: [new GradualUnfreezing({ frozen, groups, every: 1 })], checkpointDir: dir, trainEvalRows: 0 });
      return r.weights.params;
    };
    const a = mkdtempSync(join(tmpdir(), 'keel-unfreeze-a-'));
    const b = mkdtempSync(join(tmpdir(), 'keel-unfreeze-b-'));
    const straight = await run(3, a);
    await run(1, b);
    const resumed = await run(3, b);
    expect(resumed.length).toBe(straight.length);
    expect(Buffer.from(resumed.buffer).equals(Buffer.from(straight.buffer))).toBe(true);
  });

  it('embeds the 16 pooled features the classifier reads (cut at auto)', async () => {
    const { graph } = await loadOnnx(fx('tiny_resnet.onnx'));
    const features = await embed(graph, 'auto', rowSlice(x, 0, 8));
    expect(features.shape).toEqual([8, 16]);
    const t = transferModel(graph, { cutAt: 'auto', head: [dense(5)] });
    const onnx = exportModel(t.model.graph({ inputShape: ['N', 1, 28, 28] }));
    expect(parseOnnx(onnx).graph.outputs[0]!.shape[1]).toBe(5);
  });

  it('bad input: an unknown node lists the nearest names, a freeze pattern that matches nothing is a typed error', async () => {
    const { graph } = await loadOnnx(fx('tiny_resnet.onnx'));
    let message = '';
    try {
      transferModel(graph, { cutAt: '/layer2/relu_9/Relu', head: [dense(10)] });
    } catch (e) {
      message = (e as Error).message;
      expect(isKeelError(e) && e.code).toBe('NODE_NOT_FOUND');
    }
    expect(message).toContain('/layer2/relu_1/Relu');
    const t = transferModel(graph, { cutAt: 'auto', head: [dense(10)] });
    expect(errorCode(() => t.select('layer9.*'))).toBe('FREEZE_NO_MATCH');
    expect(t.select('upto:/layer1/relu/Relu').has('layer1.conv1.weight')).toBe(true);
    expect(t.select('upto:/layer1/relu/Relu').has('layer1.conv2.weight')).toBe(false);
  });
});
