import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type HostTensor } from '../../src/core/index.js';
import { readNpz } from '../../src/io/index.js';
import { Graph } from '../../src/ir/index.js';
import { softmaxCrossEntropy } from '../../src/nn/index.js';
import { Builder } from '../../src/ops/index.js';
import { Adam, AdamW, RmsProp, Sgd, type ClipOptions, type Optimizer } from '../../src/optim/index.js';
import { TrainStep } from '../../src/runtime/index.js';

const ref = readNpz(join(import.meta.dirname, '../fixtures/optim/reference.npz'));
const get = (k: string): HostTensor => ref.get(k)!;

/** The reference network: Linear(4,5) → Tanh → Linear(5,3), weights as in PyTorch. */
function mlp(): Graph {
  const g = new Graph('ref');
  const b = new Builder(g);
  const x = g.addInput('x', { dtype: 'float32', shape: ['N', 4] });
  const h = b.op1('Tanh', [b.op1('Gemm', [x, g.addInitializer('w1', get('w1')), g.addInitializer('b1', get('b1'))], { transB: 1 })]);
  g.setOutputs(b.op1('Gemm', [h, g.addInitializer('w2', get('w2')), g.addInitializer('b2', get('b2'))], { transB: 1 }));
  return g;
}

const configs: [string, Optimizer, number, ClipOptions?][] = [
  ['sgd', new Sgd(), 0.1],
  ['sgd_momentum', new Sgd({ momentum: 0.9 }), 0.1],
  ['sgd_nesterov', new Sgd({ momentum: 0.9, nesterov: true }), 0.1],
  ['sgd_momentum_wd', new Sgd({ momentum: 0.9, weightDecay: 0.01 }), 0.1],
  ['sgd_wd', new Sgd({ weightDecay: 0.1 }), 0.1],
  ['adam', new Adam(), 0.01],
  ['adam_wd', new Adam({ weightDecay: 0.01 }), 0.01],
  ['adamw', new AdamW({ weightDecay: 0.1 }), 0.01],
  ['rmsprop', new RmsProp(), 0.01],
  ['rmsprop_momentum', new RmsProp({ momentum: 0.9 }), 0.01],
  ['sgd_clip_norm', new Sgd(), 0.1, { maxNorm: 0.5 }],
  ['sgd_clip_value', new Sgd(), 0.1, { maxValue: 0.05 }],
];

describe('optimizers reproduce PyTorch 1.13 trajectories (5 full-batch steps)', () => {
  for (const [name, optimizer, lr, clip] of configs) {
    it(name, async () => {
      const step = await TrainStep.compile({ model: mlp(), loss: softmaxCrossEntropy, target: { dtype: 'int64', shape: ['N'] }, optimizer, ...(clip ? { clip } : {}) });
      const x = get('x');
      const y = get('y');
      const xs: HostTensor = { dtype: 'float32', shape: [5, ...x.shape], data: new Float32Array(5 * x.data.length).map((_, i) => Number(x.data[i % x.data.length])) };
      const ys: HostTensor = { dtype: 'int64', shape: [5, ...y.shape], data: BigInt64Array.from({ length: 5 * y.data.length }, (_, i) => y.data[i % y.data.length] as bigint) };
      const start = Float32Array.from(step.params);
      await step.run(xs, ys, [lr, lr, lr, lr, lr]);
      await step.release();
      const want = get(name).data as Float32Array;
      let moved = 0;
      let err = 0;
      for (let i = 0; i < want.length; i++) {
        moved = Math.max(moved, Math.abs(want[i]! - start[i]!));
        err = Math.max(err, Math.abs(want[i]! - step.params[i]!));
      }
      expect(moved).toBeGreaterThan(1e-3);
      expect(err).toBeLessThan(2e-6);
    });
  }
});
