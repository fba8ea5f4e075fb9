import { describe, expect, it } from 'vitest';
import { Rng, tensor, type HostTensor } from '../core/index.js';
import { Graph, type Attrs, type Value } from '../ir/index.js';
import { exportModel } from '../onnx/index.js';
import { Session } from '../session/index.js';
import { Builder, lowerSmallConv } from './index.js';

const rng = new Rng(7);
const random = (shape: number[]): HostTensor => tensor('float32', shape, Array.from({ length: shape.reduce((p, q) => p * q, 1) }, () => rng.normal()));

/** Runs onnxruntime's Conv and the lowering side by side on the same feeds. */
async function both(xShape: number[], wShape: number[], attrs: Attrs, bias: boolean): Promise<{ conv: HostTensor; gemm: HostTensor }> {
  const g = new Graph('conv_gemm');
  const b = new Builder(g);
  const x = g.addInput('x', { dtype: 'float32', shape: ['N', ...xShape.slice(1)] });
  const w = g.addInput('w', { dtype: 'float32', shape: wShape });
  const ins: Value[] = [x, w, ...(bias ? [g.addInput('c', { dtype: 'float32', shape: [wShape[0]!] })] : [])];
  const y = b.op1('Conv', ins, attrs);
  const lowered = lowerSmallConv(b, y.producer!, ins);
  expect(lowered, 'the lowering applies to this convolution').toBeDefined();
  expect(lowered![0]!.shape).toEqual(y.shape);
  g.setOutputs(b.op1('Identity', [y]), b.op1('Identity', [lowered![0]!]));
  const s = await Session.fromBytes(exportModel(g));
  const feeds: Record<string, HostTensor> = { x: random(xShape), w: random(wShape), ...(bias ? { c: random([wShape[0]!]) } : {}) };
  const out = Object.values(await s.run(feeds));
  await s.release();
  return { conv: out[0]!, gemm: out[1]! };
}

describe('Conv lowered to one GEMM for training (small outputs)', () => {
  const cases: [string, number[], number[], Attrs, boolean][] = [
    ['ResNet last stage: 3x3 on 1x1, pad 1', [4, 16, 1, 1], [8, 16, 3, 3], { pads: [1, 1, 1, 1] }, true],
    ['stride 2, pad 1, 2x2 → 1x1 (4 of 9 taps)', [3, 8, 2, 2], [6, 8, 3, 3], { pads: [1, 1, 1, 1], strides: [2, 2] }, true],
    ['stride 2, pad 1, 4x4 → 2x2', [3, 8, 4, 4], [6, 8, 3, 3], { pads: [1, 1, 1, 1], strides: [2, 2] }, false],
    ['1x1 projection, stride 2', [2, 8, 8, 8], [4, 8, 1, 1], { strides: [2, 2] }, true],
    ['asymmetric pads and dilation', [2, 3, 5, 4], [2, 3, 2, 3], { pads: [0, 1, 1, 0], dilations: [2, 1], strides: [2, 2] }, true],
    ['1-D', [2, 4, 9], [5, 4, 3], { strides: [3] }, false],
    ['SqueezeNet fire at 32x32: 3x3 on 3x3, pad 1', [2, 32, 3, 3], [128, 32, 3, 3], { pads: [1, 1, 1, 1] }, true],
  ];
  for (const [name, xs, ws, attrs, bias] of cases) {
    it(`matches onnxruntime's Conv: ${name}`, async () => {
      const { conv, gemm } = await both(xs, ws, attrs, bias);
      expect(gemm.shape).toEqual(conv.shape);
      const c = conv.data as Float32Array;
      const d = gemm.data as Float32Array;
      const scale = c.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      expect(scale).toBeGreaterThan(0.1);
      for (let i = 0; i < c.length; i++) expect(Math.abs(d[i]! - c[i]!), `element ${i}`).toBeLessThan(1e-5 * scale);
    });
  }

  it('keeps the Conv for large outputs, groups and constant filters (where onnxruntime is faster)', () => {
    const g = new Graph('keep');
    const b = new Builder(g);
    const x = g.addInput('x', { dtype: 'float32', shape: ['N', 4, 8, 8] });
    const w = g.addInput('w', { dtype: 'float32', shape: [4, 4, 3, 3] });
    const large = b.op1('Conv', [x, w], { pads: [1, 1, 1, 1] });
    expect(lowerSmallConv(b, large.producer!, [x, w])).toBeUndefined();
    const wg = g.addInput('wg', { dtype: 'float32', shape: [4, 2, 3, 3] });
    const grouped = b.op1('Conv', [x, wg], { group: 2, strides: [4, 4] });
    expect(lowerSmallConv(b, grouped.producer!, [x, wg])).toBeUndefined();
    const fixed = g.addInitializer('fixed', random([4, 4, 3, 3]));
    const constant = b.op1('Conv', [x, fixed], { strides: [4, 4] });
    expect(lowerSmallConv(b, constant.producer!, [x, fixed])).toBeUndefined();
    expect(lowerSmallConv(b, b.op1('Conv', [x, w], { strides: [4, 4] }).producer!, [x, w])).toHaveLength(1);
  });
});
