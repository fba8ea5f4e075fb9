import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HostTensor } from '../../src/core/index.js';
import { loadMnist } from '../../src/datasets/index.js';
import { readNpy, readNpz, writeNpy } from '../../src/io/index.js';
import { loadOnnx } from '../../src/onnx/index.js';
import { keel } from '../cli/run-cli.js';
import { expectBackboneUnchanged } from '../helpers/compare.js';

const fixture = join(import.meta.dirname, '../fixtures/transfer/tiny_resnet.onnx');
const tmp = mkdtempSync(join(tmpdir(), 'keel-transfer-cli-'));
const xFile = join(tmp, 'x.npy');
const yFile = join(tmp, 'y.npy');
{
  // Digits 5–9 (the fixture's backbone was pretrained on 0–4), relabelled 0–4.
  const m = loadMnist({ shape: 'image', trainLimit: 3000, testLimit: 1 }).train;
  const rows = [...Array(3000).keys()].filter((i) => Number(m.y.data[i]) >= 5).slice(0, 400);
  writeNpy(xFile, { dtype: 'float32', shape: [rows.length, 1, 28, 28], data: Float32Array.from(rows.flatMap((r) => Array.from(m.x.data.subarray(r * 784, (r + 1) * 784)))) });
  writeNpy(yFile, { dtype: 'int64', shape: [rows.length], data: BigInt64Array.from(rows, (r) => BigInt(Number(m.y.data[r]) - 5)) });
}

function bytes(t: HostTensor): Buffer {
  const d = t.data as Float32Array;
  return Buffer.from(d.buffer, d.byteOffset, d.byteLength);
}

function expectError(r: { status: number; stderr: string }, code: string): void {
  expect(r.status).not.toBe(0);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toContain(code);
}

describe('keel train --init --cut-at --head --freeze and keel embed on a torchvision CNN', () => {
  it('replaces the head, trains it with the backbone frozen, and writes one ONNX model every command can use', async () => {
    const out = join(tmp, 'run');
    const r = keel(['train', '--init', fixture, '--cut-at', 'auto', '--head', 'dense(5)', '--freeze', '*', '--data', xFile, '--labels', yFile, '--epochs', '8', '--lr', '0.1', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const { graph: before } = await loadOnnx(fixture);
    const { graph: after } = await loadOnnx(join(out, 'model.onnx'));
    expect(after.outputs[0]!.shape[1]).toBe(5);
    const trained = new Map(after.initializers.map((v) => [v.name, v.known!]));
    const kept = before.initializers.filter((v) => !v.name.startsWith('fc.'));
    for (const v of kept) expect(bytes(trained.get(v.name)!).equals(bytes(v.known!)), v.name).toBe(true);
    const history = JSON.parse(readFileSync(join(out, 'history.json'), 'utf8')) as { val_accuracy: number }[];
    expect(history).toHaveLength(8);
    expect(history[7]!.val_accuracy).toBeGreaterThan(0.4); // 5 classes: chance is 0.2
    const p = keel(['predict', '--model', join(out, 'model.onnx'), '--data', xFile, '--out', join(tmp, 'p.npy')]);
    expect(p.status, p.stderr).toBe(0);
    expect(readNpy(join(tmp, 'p.npy')).shape).toEqual([400, 5]);
  });

  it('keel embed writes the cut features; a probe trained on them is attached as the head, and a probe of the wrong width is refused', () => {
    const features = join(tmp, 'features.npy');
    const e = keel(['embed', '--model', fixture, '--layer', 'auto', '--data', xFile, '--out', features]);
    expect(e.status, e.stderr).toBe(0);
    expect(readNpy(features).shape).toEqual([400, 16]);
    const probe = join(tmp, 'probe');
    expect(keel(['train', '--data', features, '--labels', yFile, '--model', 'linear', '--epochs', '3', '--out', probe]).status).toBe(0);
    const ok = keel(['train', '--init', fixture, '--cut-at', 'auto', '--head', join(probe, 'model.onnx'), '--freeze', 'conv1.*,bn1.*,layer1.*', '--lr-decay', '0.5', '--warmup', '1', '--epochs', '2', '--data', xFile, '--labels', yFile, '--out', join(tmp, 'probe-head')]);
    expect(ok.status, ok.stderr).toBe(0);
    expectError(keel(['train', '--init', fixture, '--cut-at', '/layer1/relu_1/Relu', '--head', join(probe, 'model.onnx'), '--data', xFile, '--labels', yFile, '--out', join(tmp, 'never1')]), 'HEAD_WIDTH');
  });

  it('bad input: an unknown node lists the nearest names; a freeze pattern that matches nothing is a typed error', () => {
    const r = keel(['train', '--init', fixture, '--cut-at', '/layer2/relu_7/Relu', '--head', 'dense(5)', '--data', xFile, '--labels', yFile, '--out', join(tmp, 'never2')]);
    expectError(r, 'NODE_NOT_FOUND');
    expect(r.stderr).toContain('/layer2/relu_1/Relu');
    expectError(keel(['train', '--init', fixture, '--cut-at', 'auto', '--head', 'dense(5)', '--freeze', 'encoder.*', '--data', xFile, '--labels', yFile, '--out', join(tmp, 'never3')]), 'FREEZE_NO_MATCH');
  });

  it('cuts the torchvision VisionTransformer of the zoo before its head and trains a new head from the CLI, the encoder bit-identical', async () => {
    const vit = join(import.meta.dirname, '../fixtures/torch-zoo/vit_op17.onnx');
    const refs = readNpz(join(import.meta.dirname, '../fixtures/torch-zoo/vit.npz'));
    const vx = join(tmp, 'vit_x.npy');
    const vy = join(tmp, 'vit_y.npy');
    writeNpy(vx, refs.get('ft_x')!);
    writeNpy(vy, { dtype: 'int64', shape: [8], data: BigInt64Array.from({ length: 8 }, (_, i) => BigInt(i % 2)) });
    const out = join(tmp, 'vit-head');
    const r = keel(['train', '--init', vit, '--cut-at', 'auto', '--head', 'dense(2)', '--freeze', '*', '--data', vx, '--labels', vy, '--epochs', '2', '--val-split', '0', '--batch-size', '4', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const { after, compared } = await expectBackboneUnchanged(vit, join(out, 'model.onnx'));
    expect(after.outputs[0]!.shape[1]).toBe(2);
    expect(compared).toBeGreaterThan(5);
    const e = keel(['embed', '--model', vit, '--layer', 'auto', '--data', vx, '--out', join(tmp, 'vit_features.npy')]);
    expect(e.status, e.stderr).toBe(0);
    expect(readNpy(join(tmp, 'vit_features.npy')).shape[0]).toBe(8);
  });

  it('keel train --init takes the keel train flags: --val-split, --schedule and --early-stopping act as they do with --model', () => {
    const out = join(tmp, 'flags');
    const r = keel(['train', '--init', fixture, '--data', xFile, '--labels', yFile, '--epochs', '12', '--val-split', '0.25', '--schedule', 'cosine', '--early-stopping', '0', '--lr', '0.05', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const history = JSON.parse(readFileSync(join(out, 'history.json'), 'utf8')) as { lr: number; val_loss: number }[];
    expect(history.length).toBeLessThan(12); // patience 0 stops at the first epoch without improvement
    expect(history.every((h) => Number.isFinite(h.val_loss))).toBe(true);
    expect(new Set(history.map((h) => h.lr)).size).toBe(history.length); // cosine: a new rate every epoch
  });
});
