import { describe, expect, it } from 'vitest';
import { tensor } from '../core/index.js';
import { Graph } from '../ir/index.js';
import { Builder } from '../ops/index.js';
import { Session } from '../runtime/index.js';
import { exportModel, parseOnnx } from './index.js';
import { onnx, tensorFromProto, tensorToProto } from './proto.js';

describe('float16 in ONNX files and onnxruntime', () => {
  it('maps to TensorProto.FLOAT16 (10) in raw_data and reads int32_data bit patterns', () => {
    const t = tensor('float16', [2], [1.5, -2]);
    const p = tensorToProto(t, 'w');
    expect(p.dataType).toBe(10);
    expect(tensorFromProto(p, 'test')).toEqual(t);
    const typed = onnx.TensorProto.create({ name: 'w', dims: [2], dataType: 10, int32Data: [...t.data] });
    expect(tensorFromProto(typed, 'test')).toEqual(t);
  });

  it('a float16 graph exports, re-imports and runs on the CPU provider', async () => {
    const g = new Graph('half');
    const b = new Builder(g);
    const x = g.addInput('x', { dtype: 'float16', shape: ['N', 2] });
    const w = g.addInitializer('w', tensor('float16', [2, 2], [1, 2, 3, 4]));
    const y = b.op1('Relu', [b.op1('MatMul', [x, w])]);
    expect(y.dtype).toBe('float16');
    g.setOutputs(b.cast(y, 'float32'));
    const back = parseOnnx(exportModel(g)).graph;
    expect(back.inputs[0]!.dtype).toBe('float16');
    expect(back.initializers[0]!.known).toEqual(tensor('float16', [2, 2], [1, 2, 3, 4]));
    const s = await Session.create(back, { threads: 1 });
    try {
      const out = await s.run({ x: tensor('float16', [2, 2], [1, 0.5, -1, -1]) });
      expect([...Object.values(out)[0]!.data]).toEqual([2.5, 4, 0, 0]);
    } finally {
      await s.release();
    }
  });
});
