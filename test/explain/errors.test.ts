import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isKeelError, tensor, type HostTensor } from '../../src/core/index.js';
import { ExplainModel, ExactShapley, GradCam, Gradient, IntegratedGradients, KernelShap, NoiseTunnel, Saliency, resolveBaseline, type F32 } from '../../src/explain/index.js';
import { Model } from '../../src/model/index.js';
import { Graph } from '../../src/ir/index.js';
import { readNpy } from '../../src/io/index.js';
import { Builder } from '../../src/ops/index.js';

const dir = join(import.meta.dirname, '../fixtures/torch-reference');
const fx = (name: string): HostTensor => readNpy(join(dir, name));

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isKeelError(e)) return e.code;
    throw e;
  }
  return 'no error';
}

describe('typed errors and the common interface', () => {
  let cnn: ExplainModel;
  const x = fx('cnn_x.npy') as F32;
  beforeAll(async () => {
    cnn = ExplainModel.fromModel(await Model.load(join(dir, 'cnn.onnx')));
  });
  afterAll(async () => cnn.release());

  it('target out of range', async () => {
    expect(await code(new Gradient(cnn).attribute(x, { target: 10 }))).toBe('EXPLAIN_TARGET_RANGE');
    expect(await code(new Gradient(cnn).attribute(x, { target: [1, 2] }))).toBe('EXPLAIN_TARGET_LENGTH');
    expect(await code(new Gradient(cnn).attribute(x))).toBe('EXPLAIN_TARGET_MISSING');
  });

  it('baseline of the wrong shape', async () => {
    const bad = tensor('float32', [1, 1, 4, 4]);
    expect(await code(new IntegratedGradients(cnn).attribute(x, { target: 0, baselines: bad }))).toBe('EXPLAIN_BASELINE_SHAPE');
    expect(await code(new KernelShap(cnn, { samples: 8 }).attribute(x, { target: 0, baselines: tensor('float32', [3, 1, 8, 8]) }))).toBe('EXPLAIN_BASELINE_SHAPE');
  });

  it('unknown layer lists the conv layers', async () => {
    try {
      await new GradCam(cnn, { layer: 'conv9' }).attribute(x, { target: 0 });
      expect.unreachable();
    } catch (e) {
      expect(isKeelError(e, 'EXPLAIN_LAYER_NOT_FOUND')).toBe(true);
      expect((e as Error).message).toContain('/c1/Conv, /c2/Conv, /c3/Conv');
    }
  });

  it('a model without a differentiable path fails gradient methods but not perturbation methods', async () => {
    const g = new Graph('floor');
    const b = new Builder(g);
    const inp = g.addInput('input', { dtype: 'float32', shape: ['N', 3] });
    const w = g.addInitializer('w', tensor('float32', [2, 3], [1, 2, 3, -1, 0, 1]));
    g.setOutputs(b.op1('Gemm', [b.cast(b.op1('Greater', [inp, b.scalar(0.4, 'float32')]), 'float32'), w], { transB: 1 }));
    const m = await ExplainModel.create(g);
    const xs = tensor('float32', [2, 3], [0.1, 0.5, 0.9, 0.3, 0.2, 0.7]);
    expect(await code(new Gradient(m).attribute(xs, { target: 0 }))).toBe('EXPLAIN_NOT_DIFFERENTIABLE');
    expect(await code(new IntegratedGradients(m).attribute(xs, { target: 0 }))).toBe('EXPLAIN_NOT_DIFFERENTIABLE');
    const { attributions } = await new ExactShapley(m).attribute(xs, { target: 0 });
    expect(Array.from(attributions.data)).toEqual([0, 2, 3, 0, 0, 3]);
    await m.release();
  });

  it('flags: needsGradients / hasConvergenceDelta; NoiseTunnel keeps the input shape', async () => {
    expect(new IntegratedGradients(cnn).hasConvergenceDelta).toBe(true);
    expect(new Gradient(cnn).hasConvergenceDelta).toBe(false);
    expect(new KernelShap(cnn).needsGradients).toBe(false);
    const sg = new NoiseTunnel(new Saliency(cnn), { samples: 4, type: 'vargrad' });
    expect(sg.needsGradients).toBe(true);
    const rows = { dtype: 'float32' as const, shape: [3, 1, 8, 8], data: x.data.subarray(0, 192) };
    const { attributions } = await sg.attribute(rows, { target: [0, 1, 2] });
    expect(attributions.shape).toEqual([3, 1, 8, 8]);
    expect(attributions.data.every((v) => v >= -1e-6)).toBe(true);
  });

  it('Grad-CAM on a named layer returns the input shape and a non-negative map', async () => {
    const r = await new GradCam(cnn, { layer: '/c2/Conv' }).attribute(x, { target: fx('cnn_y.npy') });
    expect(r.attributions.shape).toEqual(x.shape);
    expect(r.layerAttributions.shape).toEqual([200, 1, 8, 8]);
    expect(r.attributions.data.every((v) => v >= 0)).toBe(true);
  });

  it('baselines: constant, blur, uniform keep the input shape', () => {
    const rows = { dtype: 'float32' as const, shape: [2, 1, 8, 8], data: x.data.subarray(0, 128) };
    for (const spec of [0.5, { kind: 'blur', sigma: 1 } as const, { kind: 'uniform', low: 0, high: 1, seed: 1 } as const]) {
      expect(resolveBaseline(spec, rows).shape).toEqual([2, 1, 8, 8]);
    }
    const blurred = resolveBaseline({ kind: 'blur', sigma: 1 }, rows);
    const mean = (a: Float32Array): number => a.reduce((s, v) => s + v, 0) / a.length;
    expect(mean(blurred.data)).toBeCloseTo(mean(rows.data), 1);
  });
});
