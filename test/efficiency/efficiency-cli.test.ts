import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tensor } from '../../src/core/index.js';
import { writeNpy } from '../../src/io/index.js';
import { keel } from '../cli/run-cli.js';

const F = 'test/fixtures/torch-reference/';
const dir = mkdtempSync(join(tmpdir(), 'keel-eff-'));

describe('keel profile / quantize / prune / distill', () => {
  it('profile writes parameters, FLOPs, nodes and latency as JSON', () => {
    const out = join(dir, 'p.json');
    const r = keel(['profile', '--model', `${F}cnn.onnx`, '--batch', '1,4', '--threads', '1', '--json', out]);
    expect(r.status, r.stderr).toBe(0);
    const p = JSON.parse(readFileSync(out, 'utf8')) as { parameters: number; flops_per_sample: number; nodes: unknown[]; latency: { batch: number }[] };
    expect(p.parameters).toBe(4242);
    expect(p.flops_per_sample).toBeGreaterThan(0);
    expect(p.nodes.length).toBeGreaterThan(10);
    expect(p.latency.map((l) => l.batch)).toEqual([1, 4]);
  });

  it('a provider that is not installed fails clearly, or falls back to cpu with one warning', () => {
    const r = keel(['profile', '--model', `${F}tab.onnx`, '--batch', '1', '--threads', '1', '--provider', 'cuda']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/PROVIDER_UNAVAILABLE: execution provider "cuda"/);
    const f = keel(['profile', '--model', `${F}tab.onnx`, '--batch', '1', '--threads', '1', '--provider', 'cuda', '--fallback']);
    expect(f.status, f.stderr).toBe(0);
    expect(f.stderr.match(/warning: execution provider "cuda" unavailable/g)?.length).toBe(1);
    expect(f.stdout).toMatch(/cpu/);
  });

  it('quantize: static int8 with held-out check, ops left in float32 listed', () => {
    const out = join(dir, 'q.onnx');
    const r = keel(['quantize', '--model', `${F}cnn.onnx`, '--out', out, '--calibration', `${F}cnn_x.npy`, '--eval-data', `${F}cnn_x.npy`, '--eval-labels', `${F}cnn_y.npy`, '--placement', 'all', '--time-batch', '0']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/left in float32: \/Sigmoid \(Sigmoid\)/);
    expect(r.stdout).toMatch(/accuracy 97\.00% →/);
    expect(statSync(out).size).toBeGreaterThan(0);
    // What keel writes, keel runs.
    const p = keel(['predict', '--model', out, '--data', `${F}cnn_x.npy`, '--out', join(dir, 'qp.npy')]);
    expect(p.status, p.stderr).toBe(0);
  });

  it('quantize --mode fp16: float16 file about half the size, checked on held-out rows and timed', () => {
    const out = join(dir, 'h.onnx');
    const r = keel(['quantize', '--model', `${F}cnn.onnx`, '--out', out, '--mode', 'fp16', '--eval-data', `${F}cnn_x.npy`, '--eval-labels', `${F}cnn_y.npy`, '--time-batch', '16', '--json', join(dir, 'h.json')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/wrote .*h\.onnx: float16, 18\d{3} → 10\d{3} bytes \(1\.8\d× smaller\)/);
    expect(r.stdout).toMatch(/accuracy 97\.00% → 97\.00% \(0\.00 points\)/);
    expect(r.stdout).toMatch(/latency at batch 16, 1 thread\(s\): [\d.]+ ms → [\d.]+ ms/);
    const rep = JSON.parse(readFileSync(join(dir, 'h.json'), 'utf8')) as { mode: string; latency: { batch: number } };
    expect([rep.mode, rep.latency.batch]).toEqual(['fp16', 16]);
    const p = keel(['predict', '--model', out, '--data', `${F}cnn_x.npy`, '--out', join(dir, 'hp.npy')]);
    expect(p.status, p.stderr).toBe(0);
  });

  it('quantize: calibration data of the wrong shape, and static mode without calibration', () => {
    const bad = join(dir, 'bad.npy');
    writeNpy(bad, tensor('float32', [3, 64]));
    const r = keel(['quantize', '--model', `${F}cnn.onnx`, '--out', join(dir, 'x.onnx'), '--calibration', bad]);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/CALIBRATION_SHAPE: .*\[3,64\] does not fit the model input "input" \[n,1,8,8\]/);
    const n = keel(['quantize', '--model', `${F}cnn.onnx`, '--out', join(dir, 'x.onnx')]);
    expect(n.status).toBe(2);
    expect(n.stderr).toMatch(/QUANT_NEEDS_CALIBRATION/);
  });

  it('prune reports sparsity; distill trains a student file', () => {
    const out = join(dir, 'pr.onnx');
    const r = keel(['prune', '--model', `${F}cnn.onnx`, '--out', out, '--sparsity', '0.6', '--epochs', '0', '--eval-data', `${F}cnn_x.npy`, '--eval-labels', `${F}cnn_y.npy`]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/sparsity 59\.\d\d% of prunable weights/);
    const c = keel(['prune', '--model', `${F}cnn.onnx`, '--out', join(dir, 'pc.onnx'), '--method', 'channel', '--sparsity', '0.25', '--epochs', '0']);
    expect(c.status, c.stderr).toBe(0);
    expect(c.stdout).toMatch(/Gemm\S*: 32 → 24 channels/);
    expect(c.stdout).toMatch(/zero channel\(s\) kept: .*Sigmoid/);
    expect(c.stdout).toMatch(/parameters 4242 → 3642, /);
    expect(statSync(join(dir, 'pc.onnx')).size).toBeLessThan(statSync(`${F}cnn.onnx`).size);
    const bad = keel(['prune', '--model', `${F}cnn.onnx`, '--out', out, '--sparsity', '1.5']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/PRUNE_SPARSITY/);
    const d = keel(['distill', '--teacher', `${F}cnn.onnx`, '--student', `${F}cnn.onnx`, '--out', join(dir, 'd.onnx'), '--data', `${F}cnn_x.npy`, '--labels', `${F}cnn_y.npy`, '--epochs', '1']);
    expect(d.status, d.stderr).toBe(0);
    expect(d.stdout).toMatch(/student 4242 parameters = 100\.0% of the teacher's 4242/);
  });
});
