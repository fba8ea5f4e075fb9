import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HostTensor } from '../../src/core/index.js';
import { loadMnist } from '../../src/datasets/index.js';
import { clearlyFaster, cpuFeatures, DEFAULT_MIN_SPEEDUP, extractRegion, int8Settings, MIN_FASTER_SHARE, MODEL_CHECK_ROUNDS, quantile, quantizeModel, QUANT_METADATA, type LatencyComparison, type QuantizeReport } from '../../src/efficiency/index.js';
import { writeNpy } from '../../src/io/index.js';
import { conv2d, dense, flatten, maxPool2d, Sequential } from '../../src/nn/index.js';
import { exportModel, parseOnnx } from '../../src/onnx/index.js';
import { keel } from '../cli/run-cli.js';

// A CNN whose first conv reads one channel (9 inputs per output: as a plain QLinearConv, which
// the first test asks for with unfoldReduction 0, int8 loses to float32 there, see the issue)
// followed by a 16→32 conv and a dense layer where int8 wins.
const cnn = (): ReturnType<Sequential['graph']> =>
  new Sequential([conv2d(16, 3, { padding: 'same', activation: 'relu' }), maxPool2d(2), conv2d(32, 3, { padding: 'same', activation: 'relu' }), maxPool2d(2), flatten(), dense(64, { activation: 'relu' }), dense(10)], { seed: 3 }).graph({ inputShape: ['N', 1, 28, 28] });
const mnist = loadMnist({ shape: 'image', trainLimit: 128, testLimit: 8 });
const rows: HostTensor<'float32'> = mnist.train.x;
const dir = mkdtempSync(join(tmpdir(), 'keel-place-'));

/**
 * What must hold whatever the timings were (the machine is shared, so the test never asks which
 * node wins): each node's choice follows its own reported timings, only nodes measured faster
 * in int8 are int8, and the written model was measured faster than float32 as a whole.
 */
function expectConsistentPlacement(report: QuantizeReport, candidates: readonly string[]): void {
  const p = report.placement!;
  expect(p.nodes.map((t) => t.node)).toEqual(candidates);
  for (const t of p.nodes) {
    expect(t.float32Ms).toBeGreaterThan(0);
    expect(t.int8Ms).toBeGreaterThan(0);
    expect(t.speedup).toBeGreaterThan(0);
    expect(t.cpuSpeedup).toBeGreaterThan(0);
    // Shortlisted for int8 when the paired rounds show the gain in wall or in CPU time.
    expect(t.choice).toBe(Math.max(t.speedup, t.cpuSpeedup) >= p.minSpeedup ? 'int8' : 'float32');
  }
  const int8 = new Set(report.quantized.map((q) => q.node));
  // Every node int8 is the placement only as the last candidate, when it passed the rule as a whole.
  if (p.allInt8) expect([p.helps, report.quantized.map((q) => q.node)]).toEqual([true, candidates]);
  for (const t of p.nodes) {
    if (t.choice === 'float32' && !p.allInt8) expect(int8.has(t.node), `${t.node} measured ${t.speedup.toFixed(2)}× but quantized`).toBe(false);
    if (!int8.has(t.node)) expect(report.skipped.find((s) => s.node === t.node)?.reason).toMatch(/int8 at batch \d+, 1 thread\(s\): float32 [\d.]+ ms, int8 [\d.]+ ms/);
  }
  expect(report.latency).toEqual(p.latency);
  expectPairedCheck(p.latency);
  for (const f of p.fallbacks) expect(clearlyFaster({ ...p.latency, speedup: f.modelSpeedup, cpuSpeedup: f.modelCpuSpeedup, fasterShare: f.fasterShare }, p.minSpeedup)).toBe(false);
  if (p.helps) {
    for (const f of p.fallbacks) expect(int8.has(f.node)).toBe(false);
    // Never slower: the whole model passed the paired-rounds rule, or nothing is int8-placed.
    if (!p.allInt8) for (const n of int8) expect(p.nodes.find((t) => t.node === n)!.choice).toBe('int8');
    expect(clearlyFaster(p.latency, p.minSpeedup)).toBe(true);
    expect(p.latency.speedup).toBeGreaterThanOrEqual(p.minSpeedup);
  } else {
    // No placement was fast enough: the result (written only on request) quantizes every node.
    expect(report.quantized.map((q) => q.node)).toEqual(candidates);
  }
}

/** The whole-model check's figures are what its rounds say: the median per-round ratio and the share of rounds int8 won. */
function expectPairedCheck(l: LatencyComparison): void {
  expect(l.roundSpeedups).toHaveLength(MODEL_CHECK_ROUNDS);
  expect(l.speedup).toBe(quantile([...l.roundSpeedups].sort((a, b) => a - b), 0.5));
  expect(l.fasterShare).toBe(l.roundSpeedups.filter((v) => v > 1).length / MODEL_CHECK_ROUNDS);
  expect(l.cpuSpeedup).toBeGreaterThan(0);
}

describe('the whole-model rule', () => {
  const l = (speedup: number, cpuSpeedup: number, faster: number): LatencyComparison => ({ batch: 256, threads: 1, msBefore: 10, msAfter: 10 / speedup, speedup, cpuSpeedup, fasterShare: faster / 9, roundSpeedups: [] });
  it('keeps int8 only when the paired median clears the margin in wall and CPU time and int8 won most rounds', () => {
    expect(MIN_FASTER_SHARE).toBeCloseTo(2 / 3, 10);
    expect(clearlyFaster(l(1.2, 1.15, 8), 1.05)).toBe(true);
    expect(clearlyFaster(l(1.05, 1.05, 6), 1.05)).toBe(true);
    // The SMS transformer's batch-256 row of the issue: 1.06× inside the placement, yet won only 5 of 9 rounds.
    expect(clearlyFaster(l(1.06, 1.07, 5), 1.05)).toBe(false);
    // Faster in wall time only because the float32 rounds fell into busy spells: the CPU time says otherwise.
    expect(clearlyFaster(l(1.08, 0.99, 7), 1.05)).toBe(false);
    expect(clearlyFaster(l(1.04, 1.2, 9), 1.05)).toBe(false);
    // The SMS transformer's all-int8 model at batch 1 once passed at 1.06× (wall and CPU, every
    // round) and ran 0.91× in the bench minutes later: the default margin leaves such gains out.
    expect(DEFAULT_MIN_SPEEDUP).toBe(1.1);
    expect(clearlyFaster(l(1.06, 1.06, 9), DEFAULT_MIN_SPEEDUP)).toBe(false);
    expect(clearlyFaster(l(1.8, 1.5, 9), DEFAULT_MIN_SPEEDUP)).toBe(true);
  });
});

describe('measured int8 placement', () => {
  it('static: every choice follows the measured times, the model is never slower, and the CPU is recorded in the file', async () => {
    const graph = cnn();
    const lines: string[] = [];
    const { bytes, report } = await quantizeModel(graph, { mode: 'static', calibration: rows, timeBatch: 64, unfoldReduction: 0, onProgress: (l) => lines.push(l) });
    expectConsistentPlacement(report, ['Conv', 'Conv_1', 'Gemm', 'Gemm_1']);
    expect(lines.filter((l) => l.startsWith('node ')).length).toBe(4);
    const cpu = cpuFeatures();
    expect(report.cpu).toEqual(cpu);
    expect(report.int8).toEqual(int8Settings(cpu));
    const meta = parseOnnx(bytes).graph.metadata;
    expect(meta.get(QUANT_METADATA.cpuFlags)).toBe(cpu.flags.join(',') || 'unknown');
    expect(meta.get(QUANT_METADATA.reduceRange)).toBe(`${report.int8!.reduceRange}: ${report.int8!.reason}`);
    expect(meta.get(QUANT_METADATA.placement)).toMatch(/^auto at batch 64, 1 thread\(s\): \d node\(s\) int8.*rule: int8 only when.*; timed on the first 64 data rows/);
    // The whole-model check ran on the calibration rows (128 of them, enough for batch 64).
    expect(report.placement!.inputs).toBe('data rows');
  });

  it('dynamic: MatMul/Gemm nodes of an MLP placed the same way', async () => {
    const graph = new Sequential([flatten(), dense(256, { activation: 'relu' }), dense(256, { activation: 'relu' }), dense(10)], { seed: 4 }).graph({ inputShape: ['N', 1, 28, 28] });
    const { report } = await quantizeModel(graph, { mode: 'dynamic', timeBatch: 64 });
    expectConsistentPlacement(report, ['Gemm', 'Gemm_1', 'Gemm_2']);
    expect(report.placement!.inputs).toBe('random');
  });

  it('with no placement fast enough the CLI writes nothing (QUANT_NO_GAIN) unless --force', () => {
    const model = join(dir, 'cnn.onnx');
    const calib = join(dir, 'calib.npy');
    writeFileSync(model, exportModel(cnn()));
    writeNpy(calib, rows);
    const out = join(dir, 'q.onnx');
    // No node can be 1000× faster in int8: the placement finds nothing, deterministically.
    const args = ['quantize', '--model', model, '--out', out, '--calibration', calib, '--time-batch', '8', '--min-speedup', '1000', '--json', join(dir, 'q.json')];
    const r = keel(args);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/QUANT_NO_GAIN: no int8 placement is 1000× faster than float32 at batch 8, 1 thread\(s\).*nothing written/);
    expect(r.stdout).toMatch(/Conv \(Conv\): float32 [\d.]+ ms, int8 [\d.]+ ms \(paired [\d.]+×, CPU time [\d.]+×\) → float32/);
    expect(existsSync(out)).toBe(false);
    const rep = JSON.parse(readFileSync(join(dir, 'q.json'), 'utf8')) as QuantizeReport;
    expect(rep.placement!.helps).toBe(false);
    const f = keel([...args, '--force']);
    expect(f.status, f.stderr).toBe(0);
    expect(parseOnnx(readFileSync(out)).graph.metadata.get(QUANT_METADATA.placement)).toMatch(/no placement faster than float32; written on request/);
  });
});

describe('the whole-model fallback', () => {
  // One tiny dense layer (4 → 3) at batch 1: int8 adds DynamicQuantizeLinear, MatMulInteger and
  // the rescaling around a product of 12 multiply-adds, so the int8 model cannot be faster.
  const tiny = new Sequential([dense(3)], { seed: 5 }).graph({ inputShape: ['N', 4] });

  it('a model int8 cannot speed up keeps float32: nothing passes the rule, and keel quantize writes nothing', async () => {
    const { report } = await quantizeModel(tiny, { mode: 'dynamic', timeBatch: 1 });
    const p = report.placement!;
    expect(p.nodes.map((t) => t.op)).toEqual(['Gemm']);
    expect([p.helps, p.allInt8]).toEqual([false, false]);
    // The last whole-model check timed every node int8 (what --force writes) and it failed the rule.
    expect(clearlyFaster(p.latency, p.minSpeedup)).toBe(false);
    expectPairedCheck(p.latency);
    // Had the node alone been measured faster by chance, the whole-model check moved it back.
    expect(p.fallbacks.map((f) => f.node)).toEqual(p.nodes.filter((t) => t.choice === 'int8').map((t) => t.node));
    const model = join(dir, 'tiny.onnx');
    writeFileSync(model, exportModel(tiny));
    const out = join(dir, 'tiny-int8.onnx');
    const r = keel(['quantize', '--model', model, '--out', out, '--mode', 'dynamic', '--time-batch', '1']);
    expect(r.status, r.stdout).toBe(1);
    expect(r.stderr).toMatch(/QUANT_NO_GAIN: no int8 placement is 1\.1× faster than float32 at batch 1, 1 thread\(s\)/);
    expect(r.stdout).toMatch(/kept int8 only when, over 9 paired interleaved rounds/);
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});

describe('cpu features and the settings picked from them', () => {
  it('VNNI or AMX keeps 8-bit weights; AVX2 alone and unknown CPUs get 7-bit', () => {
    const vnni = cpuFeatures('model name\t: X\nflags\t\t: fpu sse4_1 avx2 avx512f avx512bw avx512_vnni\n');
    expect(vnni.flags).toEqual(['sse4_1', 'avx2', 'avx512f', 'avx512bw', 'avx512_vnni']);
    expect([vnni.model, vnni.int8DotProduct, int8Settings(vnni).reduceRange]).toEqual(['X', true, false]);
    const avx2 = cpuFeatures('model name\t: Y\nflags\t\t: fpu sse4_1 avx2 fma\n');
    expect([avx2.int8DotProduct, int8Settings(avx2).reduceRange]).toEqual([false, true]);
    expect(int8Settings(avx2).reason).toMatch(/VPMADDUBSW/);
    const none = cpuFeatures('');
    expect([none.source, none.flags.length, int8Settings(none).reduceRange]).toEqual(['unknown', 0, true]);
  });

  it('extractRegion cuts out the nodes between two values and rejects a region with a second activation input', () => {
    const g = cnn();
    const r = extractRegion(g, 'MaxPool_out', 'Relu_1_out');
    expect(r.nodes.map((n) => n.op)).toEqual(['Conv', 'Relu']);
    expect(r.inputs.map((v) => v.name)).toEqual(['MaxPool_out']);
    expect(() => extractRegion(g, 'MaxPool_out', 'Gemm_out')).not.toThrow();
    expect(() => extractRegion(g, 'Relu_out', 'nope')).toThrow(/no value named "nope"/);
    expect(() => extractRegion(g, 'Conv_1_out', 'Conv_out')).toThrow(/also reads "input"/);
  });
});
