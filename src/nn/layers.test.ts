import { describe, expect, it } from 'vitest';
import { Rng, tensor, type HostTensor } from '../core/index.js';
import { Graph } from '../ir/index.js';
import { Builder } from '../ops/index.js';
import { Sgd } from '../optim/index.js';
import { Session, TrainStep } from '../runtime/index.js';
import { add, batchNorm, binaryCrossEntropyLoss, concat, conv2d, crossEntropyLoss, dense, dropout, huberLoss, input, Functional, modelFromSpec, mseLoss, Sequential, type Loss } from './index.js';

const rng = new Rng(7);
const rand = (shape: number[], scale = 1): HostTensor<'float32'> => tensor('float32', shape, Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal() * scale + 0.5));

describe('batchNorm', () => {
  it('trains on batch statistics and carries PyTorch-style running mean and unbiased variance', async () => {
    const model = new Sequential([batchNorm({ momentum: 0.1 })], { seed: 0 });
    const tg = model.trainingGraph({ inputShape: ['N', 3] });
    expect(tg.carried.map((c) => c.init.name)).toEqual(['batchnorm0.running_mean', 'batchnorm0.running_var']);
    const step = await TrainStep.compile({ model: tg.graph, loss: (b, p) => b.op1('ReduceMean', [b.mul(p, p)], { keepdims: 0 }), target: { dtype: 'float32', shape: ['N'] }, optimizer: new Sgd(), carried: tg.carried });
    const x = rand([8, 3], 2);
    const { losses } = await step.run({ ...x, shape: [1, 8, 3] }, tensor('float32', [1, 8]), [0]);
    expect(losses[0]).toBeCloseTo(1, 3); // normalized batch: mean of squares ≈ 1 (ε aside)
    for (let c = 0; c < 3; c++) {
      const col = Array.from({ length: 8 }, (_, i) => x.data[i * 3 + c]!);
      const mean = col.reduce((a, v) => a + v, 0) / 8;
      const uvar = col.reduce((a, v) => a + (v - mean) ** 2, 0) / 7;
      expect(step.buffers[c]).toBeCloseTo(0.1 * mean, 5);
      expect(step.buffers[3 + c]).toBeCloseTo(0.9 + 0.1 * uvar, 5);
    }
    model.setWeights(step.weights());
    const s = await Session.create(model.graph({ inputShape: ['N', 3] }));
    const y = (await s.run({ input: x }))['logits']!;
    await s.release();
    const rm = step.buffers[0]!;
    const rv = step.buffers[3]!;
    expect(y.data[0]).toBeCloseTo((x.data[0]! - rm) / Math.sqrt(rv + 1e-5), 4);
    await step.release();
  });
});

describe('functional API', () => {
  it('builds residual (add) and concat branches into one graph', async () => {
    const x = input();
    const h = x.then(dense(16, { activation: 'relu' }));
    const r = add(h, h.then(dense(16)));
    const out = concat([r, x.then(dense(4))]).then(dense(3));
    const model = new Functional(out, { seed: 1 });
    const g = model.graph({ inputShape: ['N', 5] });
    expect(g.outputs[0]!.shape).toEqual(['N', 3]);
    expect(model.parameterCount()).toBe(5 * 16 + 16 + 16 * 16 + 16 + 5 * 4 + 4 + 20 * 3 + 3);
    const s = await Session.create(g);
    const y = (await s.run({ input: rand([2, 5]) }))['logits']!;
    await s.release();
    expect(y.shape).toEqual([2, 3]);
  });

  it('model specs build presets and reject bad fields with the JSON path', () => {
    expect(modelFromSpec('cnn', { outputs: 10 }).layers).toHaveLength(7);
    expect(() => modelFromSpec({ layers: [{ type: 'dense', units: -1 }] } as never, { outputs: 2 })).toThrow(/layers\.0\.units/);
    expect(() => modelFromSpec({ layers: [{ type: 'conv2d', filters: 2, kernel: 3, bias: 'no' }] } as never, { outputs: 2 })).toThrow(/layers\.0\.bias/);
  });

  it('bias: false leaves out the bias of a convolution or a dense layer (a conv before a batch norm needs none), in code and in a spec', () => {
    const spec = modelFromSpec({ layers: [{ type: 'conv2d', filters: 4, kernel: 3, bias: false }, { type: 'batchnorm' }, { type: 'flatten' }, { type: 'dense', units: 3, bias: false }] }, { outputs: 2, seed: 0 });
    const g = spec.graph({ inputShape: ['N', 2, 5, 5] });
    const names = g.initializers.map((v) => v.name);
    expect(names.filter((n) => n.endsWith('.bias'))).toEqual(['batchnorm1.bias']);
    expect(g.nodes.find((n) => n.op === 'Conv')!.inputs).toHaveLength(2);
    expect(g.nodes.find((n) => n.op === 'Gemm')!.inputs).toHaveLength(2);
    const withBias = new Sequential([conv2d(4, 3)], { seed: 0 }).graph({ inputShape: ['N', 2, 5, 5] });
    expect(withBias.nodes.find((n) => n.op === 'Conv')!.inputs).toHaveLength(3);
  });
});

async function graphLoss(loss: Loss, pred: HostTensor, target: HostTensor): Promise<number> {
  const g = new Graph('l');
  const b = new Builder(g);
  const p = g.addInput('p', { dtype: 'float32', shape: pred.shape });
  const t = g.addInput('t', { dtype: 'float32', shape: target.shape });
  g.setOutputs(b.op1('Identity', [loss.build(b, p, t)], {}, { outputNames: ['loss'] }));
  const s = await Session.create(g);
  const out = (await s.run({ p: pred, t: target }))['loss']!;
  await s.release();
  return Number(out.data[0]);
}

describe('losses: graph value = weighted mean of the host per-sample loss', () => {
  const cases: [string, Loss, number][] = [
    ['cross-entropy with label smoothing', crossEntropyLoss({ labelSmoothing: 0.1 }), 4],
    ['binary cross-entropy', binaryCrossEntropyLoss(), 1],
    ['mse', mseLoss(), 2],
    ['huber', huberLoss({ delta: 0.5 }), 2],
  ];
  for (const [name, loss, width] of cases) {
    it(name, async () => {
      const n = 6;
      const pred = rand([n, width], 2);
      const tw = loss.task === 'classification' ? 4 : width + 1;
      const t = new Float32Array(n * tw);
      for (let i = 0; i < n; i++) {
        if (loss.task === 'classification') t.set([i % Math.max(2, width), (i + 1) % Math.max(2, width), i % 2 ? 0.7 : 1, 0.5 + i], i * tw);
        else t.set([...Array.from({ length: width }, () => rng.normal()), 1 + i], i * tw);
      }
      let num = 0;
      let den = 0;
      for (let i = 0; i < n; i++) {
        const w = t[i * tw + tw - 1]!;
        num += w * loss.host(pred.data.subarray(i * width, (i + 1) * width), t.subarray(i * tw, (i + 1) * tw));
        den += w;
      }
      expect(await graphLoss(loss, pred, tensor('float32', [n, tw], t))).toBeCloseTo(num / den, 4);
    });
  }
});

describe('regularizers and dropout noise', () => {
  it('an L2 regularizer adds l2·Σw² as a penalty output of the training graph only', async () => {
    const model = new Sequential([dense(3, { regularizer: { l2: 0.01 } }), dropout(0.5)], { seed: 2 });
    const tg = model.trainingGraph({ inputShape: ['N', 4], hostNoise: true });
    expect(tg.penalties).toHaveLength(1);
    expect(tg.noise.map((n) => [n.input.name, n.rate])).toEqual([['noise:dropout1', 0.5]]);
    expect(model.graph({ inputShape: ['N', 4] }).outputs).toHaveLength(1);
    const w = model.params.get('dense0.weight')!.data as Float32Array;
    const expected = 0.01 * w.reduce((a, v) => a + v * v, 0);
    const s = await Session.create(tg.graph);
    const out = await s.run({ input: rand([2, 4]), 'noise:dropout1': tensor('float32', [2, 3], [2, 0, 2, 0, 2, 0]) });
    await s.release();
    expect(Number(out['penalty0']!.data[0])).toBeCloseTo(expected, 5);
    expect(out['logits']!.data[1]).toBe(0);
  });
});
