import { describe, expect, it } from 'vitest';
import { activationMemory, countCosts, profileModel } from '../../src/efficiency/index.js';
import { loadOnnx } from '../../src/onnx/index.js';

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
