import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostTensor } from '../../src/core/index.js';
import { readNpy } from '../../src/io/index.js';
import { fit, Model } from '../../src/model/index.js';
import { dense, flatten, Sequential } from '../../src/nn/index.js';
import { Gradient } from '../../src/explain/index.js';
import { FgsmAttack } from '../../src/robust/index.js';
import { quantizeModel } from '../../src/efficiency/index.js';
import { maxAbsDiff } from '../helpers/compare.js';

const dir = join(import.meta.dirname, '../fixtures/torch-reference');
const fx = (name: string): HostTensor => readNpy(join(dir, name));
const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { attack: { eps: number; clean_accuracy: number; fgsm_accuracy: number } };

/** The one model object against PyTorch's outputs for the same ONNX file (test/fixtures/torch-reference). */
describe('Model: load, predict, evaluate, save; accepted by explainers, attacks and quantization', () => {
  const x = fx('cnn_x.npy');
  const y = fx('cnn_y.npy');
  const x64: HostTensor = { dtype: 'float64', shape: x.shape, data: Float64Array.from(x.data as Float32Array) };
  const notes: string[] = [];
  let model: Model;
  beforeAll(async () => {
    model = await Model.load(join(dir, 'cnn.onnx'), { onNote: (m) => notes.push(m) });
  });
  afterAll(async () => model.release());

  it('predicts the logits PyTorch computed, from float32 or float64 inputs (one note)', async () => {
    expect(model.input.shape).toEqual(['n', 1, 8, 8]);
    expect(model.classes).toBe(10);
    const ref = fx('cnn_logits.npy');
    expect(maxAbsDiff(await model.predict(x), ref)).toBeLessThan(1e-4);
    expect(notes).toHaveLength(0);
    expect(maxAbsDiff(await model.predict(x64), ref)).toBeLessThan(1e-4);
    await model.predict(x64);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/converted to float32/);
  });

  it('evaluates to PyTorch clean accuracy', async () => {
    const r = await model.evaluate(x, y);
    expect(r.rows).toBe(x.shape[0]);
    expect(r.accuracy).toBeCloseTo(meta.attack.clean_accuracy, 5);
    expect(r.loss).toBeGreaterThan(0);
  });

  it('says the declared shape when an input does not fit it', async () => {
    const wrong: HostTensor = { dtype: 'float32', shape: [2, 784], data: new Float32Array(2 * 784) };
    await expect(model.predict(wrong)).rejects.toMatchObject({ code: 'DATA_SHAPE', message: expect.stringContaining('[n,1,8,8]') as string });
    await expect(model.predict([[1, 2, 3]])).rejects.toMatchObject({ code: 'DATA_SHAPE' });
    await expect(model.predict([1, 2, 3])).rejects.toMatchObject({ code: 'DATA_SHAPE', message: expect.stringContaining('64 values per row') as string });
  });

  it('saves a copy that predicts the same, and never over the file it came from', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'keel-model-')), 'copy.onnx');
    await model.save(out);
    const back = await Model.load(out);
    expect(maxAbsDiff(await back.predict(x), await model.predict(x))).toBe(0);
    await back.release();
    await expect(model.save(join(dir, 'cnn.onnx'))).rejects.toMatchObject({ code: 'OUTPUT_IS_INPUT' });
    expect(model.toOnnx().length).toBeGreaterThan(1000);
  });

  it('is what an explainer takes (float64 inputs too): gradients match PyTorch', async () => {
    const { attributions } = await new Gradient(model).attribute(x64, { target: y });
    expect(maxAbsDiff(attributions, fx('cnn_grad_target_logit.npy'))).toBeLessThan(1e-4);
  });

  it('is what an attack takes: FGSM accuracy matches PyTorch within one image', async () => {
    const r = await new FgsmAttack(model).perturb(x, y, { eps: meta.attack.eps, norm: 'linf', clip: [0, 1] });
    let ok = 0;
    r.predictions.forEach((p, i) => (ok += p === Number(y.data[i]) ? 1 : 0));
    const n = r.predictions.length;
    expect(Math.abs(ok / n - meta.attack.fgsm_accuracy) * n).toBeLessThanOrEqual(1);
  });

  it('is what quantization takes: dynamic int8 keeps the predictions of nearly every image', async () => {
    const { graph } = await quantizeModel(model, { mode: 'dynamic' });
    const q = Model.fromGraph(graph);
    const a = await model.predictClasses(x);
    const b = await q.predictClasses(x);
    const same = a.filter((c, i) => c === b[i]).length;
    expect(same / a.length).toBeGreaterThanOrEqual(0.98);
    await q.release();
  });

  it('predicts from the file before its graph is imported (Model.load reads the interface only), with the same checks', async () => {
    const fresh = await Model.load(join(dir, 'cnn.onnx'), { onNote: () => undefined });
    expect(maxAbsDiff(await fresh.predict(x), fx('cnn_logits.npy'))).toBeLessThan(1e-4);
    const bad = await fresh.predict({ dtype: 'float32', shape: [2, 1, 8, 7], data: new Float32Array(112) }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'DATA_SHAPE' });
    const nan = Float32Array.from(x.data as Float32Array);
    nan[70] = Number.NaN;
    expect(await fresh.predict({ dtype: 'float32', shape: x.shape, data: nan }).catch((e: unknown) => e)).toMatchObject({ code: 'DATA_NAN', details: { row: 1, column: 6 } });
    // The graph comes in on first use, the same as Model.load imported before.
    expect(fresh.graph.nodes.length).toBe(model.graph.nodes.length);
    expect(fresh.input.shape).toEqual(['n', 1, 8, 8]);
    await fresh.release();
    const cut = join(mkdtempSync(join(tmpdir(), 'keel-model-')), 'cut.onnx');
    writeFileSync(cut, readFileSync(join(dir, 'cnn.onnx')).subarray(0, 5000));
    expect(await Model.load(cut).catch((e: unknown) => e)).toMatchObject({ code: 'ONNX_PARSE' });
  });

  it('a model fine-tuned in place predicts with its new weights, not the bytes of the file it came from', async () => {
    const tuned = await Model.load(join(dir, 'cnn.onnx'));
    const before = await tuned.predict(x);
    await tuned.release();
    await fit(tuned.graph, x, y, { epochs: 1, lr: 0.05, batchSize: 50, seed: 0 });
    const after = await tuned.predict(x);
    expect(maxAbsDiff(after, before)).toBeGreaterThan(1e-3);
    expect(maxAbsDiff(after, await Model.fromGraph(tuned.graph).predict(x))).toBe(0);
    await tuned.release();
  });
});

describe('fit returns the trained network as the one Model', () => {
  it('predicts, evaluates, saves and exports without a second wrapper', async () => {
    const x = fx('cnn_x.npy');
    const y = fx('cnn_y.npy');
    const net = new Sequential([flatten(), dense(16, { activation: 'relu' }), dense(10)], { seed: 0 });
    const { model, history } = await fit(net, x, y, { epochs: 3, lr: 1e-2, batchSize: 25, seed: 0 });
    expect(history).toHaveLength(3);
    expect(model.input.shape).toEqual(['N', 1, 8, 8]);
    const ev = await model.evaluate(x, y);
    expect(ev.accuracy).toBeCloseTo(history.at(-1)!['accuracy']!, 1);
    expect(ev.loss).toBeLessThan(history[0]!.loss);
    const out = join(mkdtempSync(join(tmpdir(), 'keel-fit-')), 'fitted.onnx');
    await model.save(out);
    const back = await Model.load(out);
    expect(maxAbsDiff(await back.predict(x), await model.predict(x))).toBeLessThan(1e-6);
    expect(model.toOnnx().length).toBeGreaterThan(1000);
    await Promise.all([back.release(), model.release()]);
  });
});
