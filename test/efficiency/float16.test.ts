import { describe, expect, it } from 'vitest';
import { convertFloat16, quantizeModel } from '../../src/efficiency/index.js';
import { readNpy } from '../../src/io/index.js';
import { exportModel, loadOnnx } from '../../src/onnx/index.js';
import { Session } from '../../src/runtime/index.js';

const F = 'test/fixtures/torch-reference/';
const x = readNpy(`${F}cnn_x.npy`) as never;
const y = readNpy(`${F}cnn_y.npy`);
const torchLogits = readNpy(`${F}cnn_logits.npy`).data as Float32Array;

describe('float16 conversion of the PyTorch CNN fixture', () => {
  it('keeps float32 inputs/outputs with Casts at the edges and converts every weight', async () => {
    const { graph } = await loadOnnx(`${F}cnn.onnx`);
    const { graph: g16, skipped } = convertFloat16(graph);
    expect(skipped).toEqual([]);
    expect(g16.inputs.map((v) => [v.name, v.dtype])).toEqual([['input', 'float32']]);
    expect(g16.outputs.map((v) => [v.name, v.dtype])).toEqual([['logits', 'float32']]);
    const ops = g16.nodes.map((n) => n.op);
    expect(ops[0]).toBe('Cast');
    expect(ops.at(-1)).toBe('Cast');
    expect(g16.initializers.every((v) => v.dtype === 'float16')).toBe(true);
  });

  it('runs on the CPU provider with logits within float16 precision of PyTorch, in a file ~2× smaller', async () => {
    const { graph } = await loadOnnx(`${F}cnn.onnx`);
    const { graph: g16, bytes, report } = await quantizeModel(graph, { mode: 'fp16', evaluation: { x, y } });
    const s = await Session.create(g16, { threads: 1 });
    let got: Float32Array;
    try {
      got = (await s.run({ input: x })).logits!.data as Float32Array;
    } finally {
      await s.release();
    }
    // float16 keeps 11 significant bits (relative step 2^-11 ≈ 4.9e-4); errors add up over 5 layers.
    let worst = 0;
    for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - torchLogits[i]!) / (1e-2 + Math.abs(torchLogits[i]!)));
    expect(worst).toBeLessThan(0.5);
    expect(report.evaluation!.maxAbsDiff).toBeLessThan(1e-2);
    expect(report.evaluation!.maxAbsDiff).toBeGreaterThan(0); // it really computed in float16
    expect(report.evaluation!.agreement).toBe(1);
    // 4242 weights: 2 bytes saved on each, less the two edge Casts; the graph structure is shared.
    expect(report.bytesAfter).toBe(bytes.length);
    expect(report.compression).toBeGreaterThan(1.75);
    expect(exportModel(graph).length - bytes.length).toBeGreaterThan(0.97 * 2 * 4242);
  });
});

describe('float16 bad input', () => {
  it('ops kept in float32 are listed and wrapped in Casts; the model still agrees', async () => {
    const { graph } = await loadOnnx(`${F}cnn.onnx`);
    const { graph: g16, skipped } = convertFloat16(graph, { keepFloat32Ops: ['Sigmoid'] });
    expect(skipped).toEqual([{ node: expect.any(String) as string, op: 'Sigmoid', reason: 'kept float32 on request' }]);
    const sig = g16.nodes.find((n) => n.op === 'Sigmoid')!;
    expect([sig.input(0).dtype, sig.output().dtype]).toEqual(['float32', 'float32']);
    const { report } = await quantizeModel(graph, { mode: 'fp16', evaluation: { x, y } });
    expect(report.evaluation!.agreement).toBe(1);
  });

  it('a provider that is not installed is a PROVIDER_UNAVAILABLE error from the library too', async () => {
    const { graph } = await loadOnnx(`${F}cnn.onnx`);
    await expect(quantizeModel(graph, { mode: 'fp16', evaluation: { x, y }, session: { provider: 'cuda' } })).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
  });
});
