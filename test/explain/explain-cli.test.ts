import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HostTensor } from '../../src/core/index.js';
import { readNpy } from '../../src/io/index.js';
import { keel } from '../cli/run-cli.js';
import { maxAbsDiff } from '../helpers/compare.js';

const dir = join(import.meta.dirname, '../fixtures/torch-reference');
const fx = (name: string): HostTensor => readNpy(join(dir, name));

describe('keel explain', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'keel-explain-'));

  it('--method gradient writes d logits[target] / d input (PyTorch reference to 1e-4), PNGs and JSON', () => {
    const out = join(tmp, 'grad.npy');
    const r = keel(['explain', '--model', join(dir, 'cnn.onnx'), '--data', join(dir, 'cnn_x.npy'), '--labels', join(dir, 'cnn_y.npy'), '--method', 'gradient', '--out', out, '--png', join(tmp, 'png'), '--json', join(tmp, 'g.json')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(maxAbsDiff(readNpy(out), fx('cnn_grad_target_logit.npy'))).toBeLessThan(1e-4);
    expect(readFileSync(join(tmp, 'png/row-0.png')).subarray(1, 4).toString()).toBe('PNG');
    const summary = JSON.parse(readFileSync(join(tmp, 'g.json'), 'utf8')) as { method: string; row_sums: number[] };
    expect(summary.method).toBe('gradient');
    expect(summary.row_sums).toHaveLength(200);
  });

  it('--method exact-shapley matches the enumeration reference to 1e-5, with SVG summaries', () => {
    const out = join(tmp, 'shap.npy');
    const r = keel(['explain', '--model', join(dir, 'tab.onnx'), '--data', join(dir, 'tab_x.npy'), '--labels', '1', '--baseline', join(dir, 'tab_baseline.npy'), '--method', 'exact-shapley', '--out', out, '--png', join(tmp, 'svg')]);
    expect(r.status, r.stderr).toBe(0);
    expect(maxAbsDiff(readNpy(out), fx('tab_shapley_exact.npy'))).toBeLessThan(1e-5);
    expect(readFileSync(join(tmp, 'svg/beeswarm.svg'), 'utf8')).toMatch(/^<svg/);
  });

  it('--method integrated-gradients prints the convergence delta', () => {
    const r = keel(['explain', '--model', join(dir, 'cnn.onnx'), '--data', join(dir, 'cnn_x.npy'), '--labels', join(dir, 'cnn_y.npy'), '--method', 'integrated-gradients', '--steps', '32', '--out', join(tmp, 'ig.npy')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/convergence delta/);
  });

  it('bad input: target out of range, wrong baseline, unknown layer → one typed line', () => {
    const base = ['explain', '--model', join(dir, 'tab.onnx'), '--data', join(dir, 'tab_x.npy'), '--out', join(tmp, 'bad.npy')];
    const range = keel([...base, '--labels', '5', '--method', 'gradient']);
    expect(range.status).toBe(2);
    expect(range.stderr).toMatch(/^keel: EXPLAIN_TARGET_RANGE: target 5 at row 0 is outside the model's 2 outputs/);
    const shape = keel([...base, '--labels', '1', '--baseline', join(dir, 'cnn_x.npy'), '--method', 'kernel-shap']);
    expect(shape.stderr).toMatch(/^keel: EXPLAIN_BASELINE_SHAPE/);
    const layer = keel(['explain', '--model', join(dir, 'cnn.onnx'), '--data', join(dir, 'cnn_x.npy'), '--labels', '0', '--method', 'grad-cam', '--layer', '/nope/Conv', '--out', join(tmp, 'bad.npy')]);
    expect(layer.stderr).toMatch(/EXPLAIN_LAYER_NOT_FOUND: .*conv layers: \/c1\/Conv, \/c2\/Conv, \/c3\/Conv/);
    expect(existsSync(join(tmp, 'bad.npy'))).toBe(false);
  });
});
