import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tensor } from '../../src/core/index.js';
import { readNpy, writeNpy } from '../../src/io/index.js';
import { keel } from './run-cli.js';
import { maxAbsDiff } from '../helpers/compare.js';

const fx = (name: string): string => join(import.meta.dirname, '../fixtures/torch-reference', name);
const tmp = mkdtempSync(join(tmpdir(), 'keel-cli-'));

/** A failed command prints exactly one line naming the error code. */
function expectOneLineError(r: { status: number; stderr: string }, code: string, status = 3): void {
  expect(r.status).toBe(status);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(code);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('keel predict / keel train against the PyTorch fixtures', () => {
  it('keel predict reproduces cnn_logits.npy to 1e-4', () => {
    const out = join(tmp, 'p.npy');
    const r = keel(['predict', '--model', fx('cnn.onnx'), '--data', fx('cnn_x.npy'), '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(maxAbsDiff(readNpy(out), readNpy(fx('cnn_logits.npy')))).toBeLessThan(1e-4);
  });

  it('keel train --init (SGD, no shuffle, one epoch) matches PyTorch fine-tuning to 1e-3', () => {
    const dir = join(tmp, 'ft');
    const r = keel(['train', '--init', fx('cnn.onnx'), '--data', fx('ft_x.npy'), '--labels', fx('ft_y.npy'), '--epochs', '1', '--batch-size', '32', '--optimizer', 'sgd', '--lr', '0.05', '--no-shuffle', '--val-split', '0', '--out', dir]);
    expect(r.status, r.stderr).toBe(0);
    const out = join(tmp, 'after.npy');
    expect(keel(['predict', '--model', join(dir, 'model.onnx'), '--data', fx('cnn_x.npy'), '--out', out]).status).toBe(0);
    expect(maxAbsDiff(readNpy(out), readNpy(fx('ft_logits_after.npy')))).toBeLessThan(1e-3);
    const history = JSON.parse(readFileSync(join(dir, 'history.json'), 'utf8')) as { loss: number }[];
    expect(history).toHaveLength(1);
    expect(history[0]!.loss).toBeGreaterThan(0);
  });
});

describe('bad input gets a typed one-line error', () => {
  it('a corrupt ONNX file', () => {
    const bad = join(tmp, 'corrupt.onnx');
    writeFileSync(bad, Buffer.from('this is not a protobuf model at all \x00\xff\xfe', 'binary'));
    expectOneLineError(keel(['predict', '--model', bad, '--data', fx('cnn_x.npy'), '--out', join(tmp, 'x.npy')]), 'ONNX_PARSE');
  });

  it('a truncated ONNX file', () => {
    const bytes = readFileSync(fx('cnn.onnx'));
    const bad = join(tmp, 'truncated.onnx');
    writeFileSync(bad, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expectOneLineError(keel(['predict', '--model', bad, '--data', fx('cnn_x.npy'), '--out', join(tmp, 'x.npy')]), 'ONNX_PARSE');
  });

  it('an .npy with the wrong dtype', () => {
    const bad = join(tmp, 'bool.npy');
    writeNpy(bad, tensor('bool', [2, 1, 8, 8]));
    expectOneLineError(keel(['predict', '--model', fx('cnn.onnx'), '--data', bad, '--out', join(tmp, 'x.npy')]), 'DATA_DTYPE');
  });

  it('an .npy with the wrong shape', () => {
    const bad = join(tmp, 'shape.npy');
    writeNpy(bad, tensor('float32', [2, 64]));
    const r = keel(['predict', '--model', fx('cnn.onnx'), '--data', bad, '--out', join(tmp, 'x.npy')]);
    expectOneLineError(r, 'DATA_SHAPE');
    expect(r.stderr).toContain('[2,64]');
  });

  it('labels out of range', () => {
    const bad = join(tmp, 'labels.npy');
    const y = readNpy(fx('ft_y.npy'));
    const data = BigInt64Array.from(y.data as BigInt64Array);
    data[7] = 10n;
    writeNpy(bad, { dtype: 'int64', shape: y.shape, data });
    const r = keel(['train', '--init', fx('cnn.onnx'), '--data', fx('ft_x.npy'), '--labels', bad, '--out', join(tmp, 'never')]);
    expectOneLineError(r, 'LABELS_RANGE');
    expect(r.stderr).toContain('row 7');
  });

  it('NaN in inputs', () => {
    const x = readNpy(fx('cnn_x.npy'));
    const data = Float32Array.from(x.data as Float32Array);
    data[64 * 3 + 5] = NaN;
    const bad = join(tmp, 'nan.npy');
    writeNpy(bad, { dtype: 'float32', shape: x.shape, data });
    const r = keel(['predict', '--model', fx('cnn.onnx'), '--data', bad, '--out', join(tmp, 'x.npy')]);
    expectOneLineError(r, 'DATA_NAN');
    expect(r.stderr).toContain('row 3, column 5');
  });

  it('a missing required flag is a usage error (exit 2)', () => {
    const r = keel(['predict', '--model', fx('cnn.onnx')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--data');
  });

  it('an invalid number is a usage error (exit 2)', () => {
    expectOneLineError(keel(['train', '--init', fx('cnn.onnx'), '--data', 'x', '--labels', 'y', '--out', 'o', '--epochs', 'many']), 'CLI_OPTION', 2);
  });
});
