import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isKeelError } from '../../src/core/index.js';
import { KEEP_FLOAT32_SESSION, KEPT_ON_REQUEST, loadModel, quantizeModel } from '../../src/efficiency/index.js';
import { readNpy } from '../../src/io/index.js';
import { exportModel, loadOnnx, parseOnnx } from '../../src/onnx/index.js';
import { DISABLE_OPTIMIZERS_KEY, Session, sessionDefaults, setSessionDefaults } from '../../src/runtime/index.js';

/** The metadata_props of serialized ONNX bytes, as Keel's importer reads them. */
const metadataOf = (bytes: Uint8Array): ReadonlyMap<string, string> => parseOnnx(bytes).graph.metadata;
import { keel } from '../cli/run-cli.js';

const F = 'test/fixtures/torch-reference/';
const x = readNpy(`${F}cnn_x.npy`) as never;
const y = readNpy(`${F}cnn_y.npy`);
const dir = mkdtempSync(join(tmpdir(), 'keel-keep-'));

describe('model metadata and session defaults', () => {
  it('metadata_props survive export and import, and the model still loads in onnxruntime', async () => {
    const { graph } = await loadOnnx(`${F}tab.onnx`);
    expect(metadataOf(exportModel(graph)).size).toBe(0);
    graph.metadata.set(DISABLE_OPTIMIZERS_KEY, 'A,B');
    graph.metadata.set('note', 'ünïcode');
    const bytes = exportModel(graph);
    expect(Object.fromEntries(metadataOf(bytes))).toEqual({ [DISABLE_OPTIMIZERS_KEY]: 'A,B', note: 'ünïcode' });
    expect(parseOnnx(bytes).graph.nodes.length).toBe(graph.nodes.length);
    const s = await Session.fromBytes(bytes, { threads: 1 });
    await s.release();
  });

  it('Session.create starts from the settings in the graph metadata; explicit options win', async () => {
    const { graph } = await loadOnnx(`${F}tab.onnx`);
    setSessionDefaults(graph, { disableOptimizers: ['QDQPropagationTransformer', 'ConstantFolding'] });
    expect(sessionDefaults(graph)).toEqual({ disableOptimizers: ['QDQPropagationTransformer', 'ConstantFolding'] });
    const s = await Session.create(graph, { threads: 1 });
    await s.release();
    setSessionDefaults(graph, {});
    expect(graph.metadata.has(DISABLE_OPTIMIZERS_KEY)).toBe(false);
    expect(sessionDefaults(graph)).toEqual({});
  });
});

describe('static int8 with nodes kept float32', () => {
  it('keepFloat32 first-conv: listed, stored as a run-time setting, restored by loadModel', async () => {
    const { graph } = await loadOnnx(`${F}cnn.onnx`);
    const { bytes, report, graph: q } = await quantizeModel(graph, { mode: 'static', placement: 'all', calibration: x, evaluation: { x, y }, keepFloat32: ['first-conv', '/f2/Gemm'] });
    expect(report.quantized.map((n) => n.node)).toEqual(['/c2/Conv', '/c3/Conv', '/f1/Gemm']);
    expect(report.skipped.filter((s) => s.reason === KEPT_ON_REQUEST).map((s) => s.node)).toEqual(['/c1/Conv', '/f2/Gemm']);
    expect(report.session).toEqual(KEEP_FLOAT32_SESSION);
    expect(report.evaluation!.agreement).toBeGreaterThanOrEqual(0.98);
    expect(metadataOf(bytes).get(DISABLE_OPTIMIZERS_KEY)).toBe('QDQPropagationTransformer');
    expect(sessionDefaults(q)).toEqual(KEEP_FLOAT32_SESSION);
    const file = join(dir, 'q.onnx');
    writeFileSync(file, bytes);
    const loaded = await loadModel(file);
    expect(loaded.session).toEqual({ disableOptimizers: ['QDQPropagationTransformer'] });
    expect(sessionDefaults(loaded.graph)).toEqual(loaded.session);
    // Without kept nodes nothing is stored.
    const plain = await quantizeModel(graph, { mode: 'static', placement: 'all', calibration: x });
    expect(plain.report.session).toBeUndefined();
    expect(metadataOf(plain.bytes).has(DISABLE_OPTIMIZERS_KEY)).toBe(false);
  });

  it('an unknown node name is a QUANT_KEEP_UNKNOWN error listing the candidates', async () => {
    const { graph } = await loadOnnx(`${F}cnn.onnx`);
    let err: unknown;
    try {
      await quantizeModel(graph, { mode: 'static', placement: 'all', calibration: x, keepFloat32: ['/nope'] });
    } catch (e) {
      err = e;
    }
    expect(isKeelError(err, 'QUANT_KEEP_UNKNOWN')).toBe(true);
    expect((err as Error).message).toMatch(/no node "\/nope".*\/c1\/Conv, \/c2\/Conv, \/c3\/Conv, \/f1\/Gemm, \/f2\/Gemm/);
  });

  it('dynamic int8 lists every op it leaves in float32, with the reason', async () => {
    const { graph } = await loadOnnx(`${F}cnn.onnx`);
    const { report } = await quantizeModel(graph, { mode: 'dynamic', placement: 'all', keepFloat32: ['/f2/Gemm'] });
    expect(report.quantized.map((n) => n.node)).toEqual(['/f1/Gemm']);
    expect(report.skipped.map((s) => `${s.node} ${s.op}`)).toEqual(['/c1/Conv Conv', '/Relu Relu', '/c2/Conv Conv', '/Add Add', '/Relu_1 Relu', '/MaxPool MaxPool', '/c3/Conv Conv', '/Sigmoid Sigmoid', '/Mul Mul', '/Sub Sub', '/Tanh Tanh', '/f2/Gemm Gemm']);
    expect(report.skipped.find((s) => s.op === 'Conv')!.reason).toMatch(/MatMul\/Gemm and LSTM weights only .*--mode static/);
    expect(report.skipped.at(-1)!.reason).toBe(KEPT_ON_REQUEST);
  });
});

describe('keel quantize --keep-fp32 / keel profile', () => {
  it('the CLI lists the kept node, stores the setting, and profile applies it', () => {
    const out = join(dir, 'cli-q.onnx');
    const r = keel(['quantize', '--model', `${F}cnn.onnx`, '--out', out, '--calibration', `${F}cnn_x.npy`, '--keep-fp32', 'first-conv', '--placement', 'all']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/left in float32: \/c1\/Conv \(Conv\): kept float32 on request/);
    expect(r.stdout).toMatch(/stored in the file: run with onnxruntime's QDQPropagationTransformer disabled/);
    expect(metadataOf(readFileSync(out)).get(DISABLE_OPTIMIZERS_KEY)).toBe('QDQPropagationTransformer');
    const p = keel(['profile', '--model', out, '--batch', '2', '--threads', '1']);
    expect(p.status, p.stderr).toBe(0);
    expect(p.stdout).toMatch(/run-time setting from the file: onnxruntime's QDQPropagationTransformer disabled/);
    const d = keel(['quantize', '--model', `${F}cnn.onnx`, '--out', join(dir, 'cli-d.onnx'), '--mode', 'dynamic', '--placement', 'all']);
    expect(d.status, d.stderr).toBe(0);
    expect(d.stdout).toMatch(/left in float32: \/c1\/Conv \(Conv\): dynamic mode quantizes MatMul\/Gemm and LSTM weights only/);
    expect(d.stdout).toMatch(/left in float32: \/Tanh \(Tanh\)/);
    const bad = keel(['quantize', '--model', `${F}cnn.onnx`, '--out', join(dir, 'x.onnx'), '--calibration', `${F}cnn_x.npy`, '--keep-fp32', 'Conv_9']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/QUANT_KEEP_UNKNOWN: --keep-fp32: no node "Conv_9"/);
  });
});
