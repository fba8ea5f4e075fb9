import { describe, expect, it } from 'vitest';
import { isKeelError, tensor } from '../../src/core/index.js';
import { ChannelPruner, distill, MagnitudePruner, pruneModel, quantizeModel } from '../../src/efficiency/index.js';
import { readNpy } from '../../src/io/index.js';
import { dense, Sequential } from '../../src/nn/index.js';
import { Model } from '../../src/model/index.js';
import { loadOnnx, parseOnnx } from '../../src/onnx/index.js';

const F = 'test/fixtures/torch-reference/';
const x = readNpy(`${F}cnn_x.npy`) as never;
const y = readNpy(`${F}cnn_y.npy`);

describe('quantization of the PyTorch CNN fixture', () => {
  it('static int8 keeps accuracy, lists the ops left in float32, and Keel re-imports the file', async () => {
    const { graph } = await loadOnnx(`${F}cnn.onnx`);
    const { bytes, report } = await quantizeModel(graph, { mode: 'static', placement: 'all', calibration: x, evaluation: { x, y } });
    expect(report.quantized.map((q) => q.op)).toEqual(['Conv', 'Conv', 'Conv', 'Gemm', 'Gemm']);
    expect(new Set(report.skipped.map((s) => s.op))).toEqual(new Set(['Add', 'Relu', 'MaxPool', 'Sigmoid', 'Mul', 'Sub', 'Tanh']));
    const ev = report.evaluation!;
    expect(ev.accuracyBefore).toBeCloseTo(0.97, 5); // meta.json clean_accuracy
    expect(ev.accuracyDropPoints!).toBeLessThanOrEqual(1);
    expect(ev.agreement).toBeGreaterThanOrEqual(0.98);
    const ops = new Set(parseOnnx(bytes).graph.nodes.map((n) => n.op));
    expect(ops.has('QuantizeLinear') && ops.has('DequantizeLinear')).toBe(true);
  });

  it('dynamic int8 quantizes only the Gemm weights', async () => {
    const { graph } = await loadOnnx(`${F}cnn.onnx`);
    const { report, graph: q } = await quantizeModel(graph, { mode: 'dynamic', placement: 'all', evaluation: { x, y } });
    expect(report.quantized.map((r) => r.op)).toEqual(['Gemm', 'Gemm']);
    expect(report.skipped.some((s) => s.op === 'Conv' && /static/.test(s.reason))).toBe(true);
    expect(report.evaluation!.agreement).toBeGreaterThanOrEqual(0.98);
    expect(q.nodes.some((n) => n.op === 'MatMulInteger')).toBe(true);
  });

  it('calibration rows of the wrong shape are a CALIBRATION_SHAPE error', async () => {
    const { checkCalibration } = await import('../../src/efficiency/index.js');
    const { graph } = await loadOnnx(`${F}cnn.onnx`);
    let err: unknown;
    try {
      checkCalibration(tensor('float32', [4, 64]), graph.inputs[0]!, 'bad.npy');
    } catch (e) {
      err = e;
    }
    expect(isKeelError(err, 'CALIBRATION_SHAPE')).toBe(true);
    expect((err as Error).message).toMatch(/\[4,64\].*\[n,1,8,8\]/);
  });
});

describe('pruning and distillation', () => {
  it('magnitude pruning reaches the target sparsity per layer; channel pruning empties whole channels', async () => {
    const { graph } = await loadOnnx(`${F}cnn.onnx`);
    const m = await pruneModel(graph, { pruner: new MagnitudePruner(), sparsity: 0.5, evaluation: { x, y } });
    for (const l of m.report.layers) expect(l.sparsity).toBeCloseTo(Math.floor(0.5 * l.elements) / l.elements, 6);
    expect(m.report.afterPruning!.accuracyAfter!).toBeGreaterThan(0.5);
    const c = await pruneModel(graph, { pruner: new ChannelPruner(), sparsity: 0.25 });
    const c1 = c.report.layers[0]!;
    expect(c1.zeroChannels).toBe(2); // 25% of 8 filters
    expect(c.report.layers.at(-1)!.zeroChannels).toBe(0); // the classifier keeps every class
  });

  it('fine-tuning with masks keeps pruned weights at zero and recovers accuracy', async () => {
    const { graph } = await loadOnnx(`${F}cnn.onnx`);
    const r = await pruneModel(graph, { pruner: new MagnitudePruner(), sparsity: 0.8, fineTune: { x, y, options: { epochs: 3, lr: 2e-3, batchSize: 20 } }, evaluation: { x, y } });
    for (const l of r.report.layers) expect(l.sparsity).toBeGreaterThanOrEqual(0.79);
    expect(r.report.afterFineTuning!.accuracyAfter!).toBeGreaterThanOrEqual(r.report.afterPruning!.accuracyAfter!);
  });

  it('distillation trains a student through the objective hook and lowers its loss', async () => {
    const { graph: teacher } = await loadOnnx(`${F}tab.onnx`);
    const tx = readNpy(`${F}tab_x.npy`);
    const ty = tensor('int64', [20], Array.from({ length: 20 }, (_, i) => i % 2));
    const student = new Sequential([dense(4, { activation: 'relu' }), dense(2)], { seed: 3 }).graph({ inputShape: ['N', 8] });
    const r = await distill(teacher, student, tx, ty, { epochs: 30, lr: 1e-2, batchSize: 10, alpha: 1, temperature: 2 });
    expect(r.studentParameters).toBe(8 * 4 + 4 + 4 * 2 + 2);
    expect(r.losses.at(-1)!).toBeLessThan(r.losses[0]! * 0.7);
  });

  it('distill takes Models: the student Model predicts with its distilled weights afterwards', async () => {
    const teacher = await Model.load(`${F}tab.onnx`);
    const tx = readNpy(`${F}tab_x.npy`);
    const ty = tensor('int64', [20], Array.from({ length: 20 }, (_, i) => i % 2));
    const student = Model.fromNetwork(new Sequential([dense(4, { activation: 'relu' }), dense(2)], { seed: 3 }), { inputShape: ['N', 8] });
    const before = await student.predict(tx);
    const r = await distill(teacher, student, tx, ty, { epochs: 30, lr: 1e-2, batchSize: 10, alpha: 1, temperature: 2 });
    expect(r.losses.at(-1)!).toBeLessThan(r.losses[0]! * 0.7);
    const after = await student.predict(tx);
    const fresh = await Model.fromGraph(student.graph).predict(tx);
    expect(Array.from(after.data as Float32Array)).toEqual(Array.from(fresh.data as Float32Array));
    expect(Array.from(after.data as Float32Array)).not.toEqual(Array.from(before.data as Float32Array));
    await Promise.all([teacher.release(), student.release()]);
  });
});
