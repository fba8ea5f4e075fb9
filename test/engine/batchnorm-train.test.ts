import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HostTensor } from '../../src/core/index.js';
import { gradients } from '../../src/autodiff/index.js';
import { readNpz } from '../../src/io/index.js';
import { batchNorm, Sequential } from '../../src/nn/index.js';
import { exportModel } from '../../src/onnx/index.js';
import { Builder } from '../../src/ops/index.js';
import { Session } from '../../src/session/index.js';

const ref = readNpz(join(import.meta.dirname, '../fixtures/batchnorm/reference.npz'));
const get = (k: string): HostTensor => ref.get(k)!;

/** Largest |a − b| over the largest |b|. */
function relErr(a: HostTensor, b: HostTensor): number {
  let err = 0;
  let scale = 0;
  for (let i = 0; i < b.data.length; i++) {
    err = Math.max(err, Math.abs(Number(a.data[i]) - Number(b.data[i])));
    scale = Math.max(scale, Math.abs(Number(b.data[i])));
  }
  return err / scale;
}

describe('batchNorm in training mode matches PyTorch 1.13 nn.BatchNorm2d', () => {
  it('output, input and weight gradients, running statistics', async () => {
    const model = new Sequential([batchNorm({ momentum: 0.1 })], { seed: 0 });
    model.graph({ inputShape: ['N', 3, 5, 5] });
    model.setWeights(new Map([['batchnorm0.weight', get('gamma')], ['batchnorm0.bias', get('beta')]]));
    const tg = model.trainingGraph({ inputShape: ['N', 3, 5, 5] });
    const g = tg.graph;
    const b = new Builder(g);
    const x = g.inputs[0]!;
    const weight = (name: string) => g.initializers.find((v) => v.name === name)!;
    const w = g.addInput('w', { dtype: 'float32', shape: ['N', 3, 5, 5] });
    const y = g.outputs[0]!;
    const loss = b.op1('ReduceSum', [b.mul(y, w)], { keepdims: 0 });
    const grads = gradients(b, [loss], [x, weight('batchnorm0.weight'), weight('batchnorm0.bias')]);
    g.setOutputs(b.op1('Identity', [y]), ...grads.map((d) => b.op1('Identity', [d!])), ...tg.carried.map((c) => b.op1('Identity', [c.next])));
    const s = await Session.fromBytes(exportModel(g));
    const [yk, dx, dgamma, dbeta, rm, rv] = Object.values(await s.run({ input: get('x'), w: get('w') }));
    await s.release();
    expect(relErr(yk!, get('y'))).toBeLessThan(1e-6);
    expect(relErr(dx!, get('dx'))).toBeLessThan(1e-6);
    expect(relErr(dgamma!, get('dgamma'))).toBeLessThan(1e-6);
    expect(relErr(dbeta!, get('dbeta'))).toBeLessThan(1e-6);
    expect(relErr(rm!, get('running_mean'))).toBeLessThan(1e-6);
    expect(relErr(rv!, get('running_var'))).toBeLessThan(1e-6);
  });
});
