import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { gradients } from '../../src/autodiff/index.js';
import { isKeelError } from '../../src/core/index.js';
import { clearlyFaster, quantizeModel } from '../../src/efficiency/index.js';
import type { Graph } from '../../src/ir/index.js';
import { Builder } from '../../src/ops/index.js';
import { Session } from '../../src/runtime/index.js';
import { loadTextDataset, textModel } from '../../src/text/index.js';
import { argmaxRows, fit, predictBatched } from '../../src/train/index.js';

// The bundled SMS Spam Collection, the seeded stratified 80/20 split keel train --text uses.
const data = await loadTextDataset(join(import.meta.dirname, '../../data/sms-spam/sms-spam.jsonl.gz'), { text: 'text', target: 'label', valSplit: 0.2, seed: 0, maxLength: 32 });
const test = data.val!;
const truth = Array.from(test.y.data, Number);
const majority = Math.max(...[0, 1].map((c) => truth.filter((y) => y === c).length)) / truth.length;

async function accuracy(g: Graph): Promise<number> {
  const s = await Session.create(g, { threads: 1 });
  const pred = argmaxRows(await predictBatched(s, test.x, 512));
  await s.release();
  return pred.reduce((ok, p, i) => ok + (p === truth[i] ? 1 : 0), 0) / truth.length;
}

describe('dynamic int8 for a text model (SMS transformer)', () => {
  it('the measured placement keeps no node slower in int8, and the int8 model scores the 1,114 test messages within 1 point of float32', async () => {
    const net = textModel('transformer', { tokenizer: data.tokenizer, outputs: 2, seed: 0, dim: 32, dropout: 0.1 });
    await fit(net, data.train.x, data.train.y, { epochs: 1, batchSize: 32, lr: 3e-3, seed: 0, trainEvalRows: 0 });
    const graph = net.graph({ inputShape: ['N', 'T'], inputDtype: 'int64' });
    const { graph: q, report } = await quantizeModel(graph, { mode: 'dynamic', timeBatch: 32 });
    const p = report.placement!;
    // Every MatMul/Gemm of the encoder and head was timed on its own, float32 against int8.
    expect(p.nodes.length).toBeGreaterThanOrEqual(8);
    expect(new Set(p.nodes.map((t) => t.op))).toEqual(new Set(['MatMul', 'Gemm']));
    const int8 = new Set(report.quantized.map((n) => n.node));
    for (const t of p.nodes) expect(t.choice).toBe(Math.max(t.speedup, t.cpuSpeedup) >= p.minSpeedup ? 'int8' : 'float32');
    if (p.helps) {
      // Never slower: each int8 node was shortlisted by its own timing, and the whole model passed the paired-rounds rule.
      if (!p.allInt8) for (const t of p.nodes) if (int8.has(t.node)) expect(t.choice, `${t.node} kept in int8`).toBe('int8');
      expect(clearlyFaster(p.latency, p.minSpeedup)).toBe(true);
    } else {
      // No placement was faster (keel quantize then writes nothing unless --force): every node is int8 in the forced result.
      expect(report.quantized.length).toBe(p.nodes.length);
    }
    const [f32, i8] = [await accuracy(graph), await accuracy(q)];
    // The float model learned something (beats always answering "ham"), so the comparison means something.
    expect(f32).toBeGreaterThan(majority + 0.03);
    expect(Math.abs(i8 - f32)).toBeLessThanOrEqual(0.01);
  }, 240_000);
});

describe('dynamic int8 of the text LSTM op (onnxruntime com.microsoft.DynamicQuantizeLSTM)', () => {
  // One epoch of a small LSTM on the same split (about 2 s): 98.3% on the test messages.
  const trained = (async (): Promise<Graph> => {
    const net = textModel('lstm', { tokenizer: data.tokenizer, outputs: 2, seed: 0, dim: 32, dropout: 0.1 });
    await fit(net, data.train.x, data.train.y, { epochs: 1, batchSize: 32, lr: 3e-3, seed: 0, trainEvalRows: 0 });
    return net.graph({ inputShape: ['N', 'T'], inputDtype: 'int64' });
  })();

  it('the LSTM becomes DynamicQuantizeLSTM (int8 W and R, com.microsoft opset 1), scores the test messages as float32 does, and refuses gradients naming the op', async () => {
    const graph = await trained;
    const lstm = graph.nodes.find((n) => n.op === 'LSTM')!;
    const head = graph.nodes.find((n) => n.op === 'Gemm')!;
    // 7-bit weights whatever the CPU, so the check does not depend on the machine's int8 kernels; the head stays float32.
    const { graph: q, bytes, report } = await quantizeModel(graph, { mode: 'dynamic', placement: 'all', reduceRange: true, keepFloat32: [head.name], evaluation: { x: test.x, y: test.y } });
    expect(report.quantized).toEqual([{ node: lstm.name, op: 'LSTM' }]);
    const model = onnxProto.onnx.ModelProto.decode(bytes);
    expect(model.opsetImport.map((o) => [o.domain, Number(o.version)])).toContainEqual(['com.microsoft', 1]);
    const written = model.graph!.node!.find((n) => n.opType === 'DynamicQuantizeLSTM')!;
    expect(written.domain).toBe('com.microsoft');
    expect(written.input).toHaveLength(12);
    // Read back: W [directions, input, 4·hidden] and R [directions, hidden, 4·hidden] in int8, one scale per gate unit.
    const node = q.nodes.find((n) => n.op === 'DynamicQuantizeLSTM')!;
    const [w, r] = [lstm.inputs[1]!.shape, lstm.inputs[2]!.shape];
    expect(node.inputs[1]!.dtype).toBe('int8');
    expect(node.inputs[1]!.shape).toEqual([w[0], w[2], w[1]]);
    expect(node.inputs[2]!.shape).toEqual([r[0], r[2], r[1]]);
    expect(node.inputs[8]!.shape).toEqual([w[0], w[1]]);
    expect(q.nodes.some((n) => n.op === 'LSTM')).toBe(false);
    // Measured: the same accuracy (98.29%), agreement 100%, largest logit difference 0.011.
    const ev = report.evaluation!;
    expect(ev.rows).toBe(1114);
    expect(ev.accuracyBefore!).toBeGreaterThan(majority + 0.03);
    expect(Math.abs(ev.accuracyDropPoints!)).toBeLessThanOrEqual(0.5);
    expect(ev.agreement).toBeGreaterThanOrEqual(0.99);
    expect(ev.maxAbsDiff).toBeLessThan(0.05);
    // Inference-only: a gradient that would cross it names the op and says what to differentiate instead.
    const emb = q.initializers.find((v) => v.dtype === 'float32' && v.rank === 2 && v.shape[0] === data.tokenizer.vocabSize)!;
    let error: unknown;
    try {
      gradients(new Builder(q), [q.outputs[0]!], [emb]);
    } catch (e) {
      error = e;
    }
    expect(isKeelError(error, 'GRAD_NOT_DIFFERENTIABLE')).toBe(true);
    expect((error as Error).message).toMatch(/com\.microsoft\.DynamicQuantizeLSTM, an inference-only onnxruntime op.*float32 model/);
  }, 120_000);

  it('auto placement times the LSTM alone at the messages\' length, keeps float32 where int8 is not faster, and never returns a slower model', async () => {
    const graph = await trained;
    const lines: string[] = [];
    const { report } = await quantizeModel(graph, { mode: 'dynamic', timeBatch: 32, evaluation: { x: test.x, y: test.y }, onProgress: (l) => lines.push(l) });
    const p = report.placement!;
    expect(p.nodes.map((t) => t.op)).toEqual(['LSTM', 'Gemm']);
    // The sequence length comes from the rows given (32 token ids per message), not from the batch.
    expect(p.dims).toEqual({ T: 32 });
    expect(lines.some((l) => /^node 1\/2 .* \(LSTM\): float32 [\d.]+ ms, int8 [\d.]+ ms/.test(l))).toBe(true);
    const int8 = new Set(report.quantized.map((n) => n.node));
    for (const t of p.nodes) {
      expect(t.choice).toBe(Math.max(t.speedup, t.cpuSpeedup) >= p.minSpeedup ? 'int8' : 'float32');
      if (t.choice === 'float32' && p.helps && !p.allInt8) expect(int8.has(t.node), `${t.node} measured ${t.speedup.toFixed(2)}× but int8`).toBe(false);
    }
    if (p.helps) expect(clearlyFaster(p.latency, p.minSpeedup)).toBe(true);
    else expect(report.quantized.length).toBe(p.nodes.length);
    // A gain no node can reach: nothing helps, every node's choice is float32 (keel quantize then writes nothing: QUANT_NO_GAIN).
    const { report: none } = await quantizeModel(graph, { mode: 'dynamic', timeBatch: 8, minSpeedup: 1000, evaluation: { x: test.x } });
    expect(none.placement!.helps).toBe(false);
    expect(none.placement!.nodes.every((t) => t.choice === 'float32')).toBe(true);
  }, 120_000);
});
