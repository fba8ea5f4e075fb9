import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { activationMemory, countCosts, profileModel } from '../../src/efficiency/index.js';
import { loadOnnx } from '../../src/onnx/index.js';
import { bindTokenizer, textModel, Tokenizer } from '../../src/text/index.js';

const F = 'test/fixtures/torch-reference/';
const byOp = (costs: ReturnType<typeof countCosts>, op: string): number[] => costs.filter((c) => c.op === op).map((c) => c.flops);

describe('FLOP and parameter counts match hand computation', () => {
  it('cnn.onnx: Conv(1→8,3×3,pad 1) ReLU, Conv(8→8) +residual ReLU, MaxPool 2, Conv(8→16, stride 2), Sigmoid·2−1, Gemm 64→32 Tanh, Gemm 32→10', async () => {
    const { graph } = await loadOnnx(`${F}cnn.onnx`);
    const costs = countCosts(graph);
    // Parameters: weights + biases.
    const params = (8 * 1 * 3 * 3 + 8) + (8 * 8 * 3 * 3 + 8) + (16 * 8 * 3 * 3 + 16) + (32 * 64 + 32) + (10 * 32 + 10);
    expect(params).toBe(4242);
    expect(costs.reduce((s, c) => s + c.parameters, 0)).toBe(params);
    // Convs: 2 · outputs · (Cin · 3 · 3) multiply-adds plus one bias add per output.
    const c1 = 2 * (8 * 8 * 8) * (1 * 3 * 3) + 8 * 8 * 8;
    const c2 = 2 * (8 * 8 * 8) * (8 * 3 * 3) + 8 * 8 * 8;
    const c3 = 2 * (16 * 2 * 2) * (8 * 3 * 3) + 16 * 2 * 2;
    expect(byOp(costs, 'Conv')).toEqual([c1, c2, c3]);
    const f1 = 2 * 64 * 32 + 32;
    const f2 = 2 * 32 * 10 + 10;
    expect(byOp(costs, 'Gemm')).toEqual([f1, f2]);
    // Element-wise: one op per output element; MaxPool: 2·2 comparisons per output.
    const elementwise = 512 /* ReLU */ + 512 /* Add */ + 512 /* ReLU */ + 64 /* Sigmoid */ + 64 /* Mul */ + 64 /* Sub */ + 32; /* Tanh */
    const pool = 8 * 4 * 4 * (2 * 2);
    const total = c1 + c2 + c3 + f1 + f2 + elementwise + pool;
    const p = await profileModel(graph);
    expect(p.flops_per_sample).toBe(total);
    expect(p.parameters).toBe(params);
    expect(p.uncounted_ops).toEqual([]);
  });

  it('tab.onnx: MLP 8-16-16-2', async () => {
    const { graph } = await loadOnnx(`${F}tab.onnx`);
    const costs = countCosts(graph);
    expect(costs.reduce((s, c) => s + c.parameters, 0)).toBe(8 * 16 + 16 + (16 * 16 + 16) + (16 * 2 + 2));
    const gemms = [2 * 8 * 16 + 16, 2 * 16 * 16 + 16, 2 * 16 * 2 + 2];
    expect(byOp(costs, 'Gemm')).toEqual(gemms);
    expect(costs.reduce((s, c) => s + c.flops, 0)).toBe(gemms[0]! + gemms[1]! + gemms[2]! + 16 /* ReLU */ + 16 /* Tanh */);
  });

  it('activation memory: total and peak bytes per sample of tab.onnx', async () => {
    const { graph } = await loadOnnx(`${F}tab.onnx`);
    const m = activationMemory(graph);
    // Outputs: 16 + 16 + 16 + 16 + 2 floats.
    expect(m.totalBytes).toBe(4 * (16 + 16 + 16 + 16 + 2));
    // Peak: a 16-wide input and a 16-wide output alive together (the 8-wide input is freed after Gemm 1).
    expect(m.peakBytes).toBe(4 * (16 + 16));
  });

  it('latency rows per batch × threads with ordered percentiles', async () => {
    const { graph } = await loadOnnx(`${F}tab.onnx`);
    const p = await profileModel(graph, { latency: { batches: [1, 8], threads: [1, 2], minRuns: 5, minTimeMs: 10 } });
    expect(p.latency.map((r) => [r.batch, r.threads])).toEqual([[1, 1], [8, 1], [1, 2], [8, 2]]);
    for (const r of p.latency) {
      expect(r.p50Ms).toBeLessThanOrEqual(r.p95Ms);
      expect(r.p95Ms).toBeLessThanOrEqual(r.p99Ms);
      expect(r.throughput).toBeGreaterThan(0);
    }
    expect(p.peak_rss_bytes).toBeGreaterThan(10_000_000);
  });
});

describe('a text model is profiled at its sequence length, not at the batch size', () => {
  const texts = gunzipSync(readFileSync('data/sms-spam/sms-spam.jsonl.gz')).toString('utf8').trim().split('\n').slice(0, 300).map((l) => (JSON.parse(l) as { text: string }).text);
  const tok = Tokenizer.fit(texts, { vocabSize: 300, maxLength: 32 });
  // Transformer, model width 16, 4 heads, feed-forward 32, 2 layers; input [N, T] token ids.
  const graph = textModel('transformer', { tokenizer: tok, outputs: 2, seed: 0, dim: 16 }).graph({ inputShape: ['N', 'T'], inputDtype: 'int64' });
  const matmuls = (t: number): number[] => {
    const layer = [2 * t * 16 * 48 /* Q, K, V */, 2 * t * t * 16 /* scores, 4 heads of 4 */, 2 * t * t * 16 /* weighted values */, 2 * t * 16 * 16 /* output */, 2 * t * 16 * 32, 2 * t * 32 * 16 /* feed-forward */];
    return [...layer, ...layer];
  };

  it('the recorded truncation length sizes T: inputs, MatMul FLOPs and latency feeds are for 32-token messages', async () => {
    const trained = textModel('transformer', { tokenizer: tok, outputs: 2, seed: 0, dim: 16 }).graph({ inputShape: ['N', 'T'], inputDtype: 'int64' });
    bindTokenizer(trained, tok, { maxLength: 32, column: 'text' });
    const p = await profileModel(trained, { latency: { batches: [1, 4], threads: [1], minRuns: 3, minTimeMs: 5 } });
    expect(p.inputs).toEqual([{ name: trained.inputs[0]!.name, shape: ['N', 32] }]);
    expect(byOp(p.nodes as ReturnType<typeof countCosts>, 'MatMul')).toEqual(matmuls(32));
    expect(p.nodes.find((n) => n.op === 'MatMul')!.outputShape).toEqual(['N', 32, 48]);
    expect(p.latency.map((r) => r.batch)).toEqual([1, 4]);
  });

  it('the data\'s row shape sizes T when given (the audit passes its messages\' token width), and nothing sizing it is a typed error', async () => {
    const p = await profileModel(graph, { rowShape: [8] });
    expect(p.inputs[0]!.shape).toEqual(['N', 8]);
    expect(byOp(p.nodes as ReturnType<typeof countCosts>, 'MatMul')).toEqual(matmuls(8));
    expect((await profileModel(graph, { dims: { T: 8 } })).flops_per_sample).toBe(p.flops_per_sample);
    await expect(profileModel(graph)).rejects.toMatchObject({ code: 'PROFILE_DIM', details: { input: graph.inputs[0]!.name, dim: 'T', axis: 1 } });
    await expect(profileModel(graph, { dims: { T: 0 } })).rejects.toMatchObject({ code: 'PROFILE_DIM' });
  });
});
