import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMnist } from '../../src/datasets/index.js';
import { writeNpy } from '../../src/io/index.js';
import { keel } from '../cli/run-cli.js';
import { expectBackboneUnchanged } from '../helpers/compare.js';
import { loadOnnx } from '../../src/onnx/index.js';
import { expectIgAndPgd, expectLogits, expectSgdEpoch, expectTargetGradient, zooModel } from './zoo-checks.js';

// The CNN zoo's weights are tens of MB, so they are not committed: this test generates them with
// Debian's python3-torch + python3-torchvision (installed by .ci/run) into a gitignored cache,
// regenerated when make_zoo.py changes, and skips with the reason when torch is absent.
const root = join(import.meta.dirname, '../..');
const generator = join(root, 'test/fixtures/torch-zoo/make_zoo.py');
const cache = join(root, '.tmp/torch-zoo-cnn');
const python = '/usr/bin/python3';

function torchMissing(): string | undefined {
  if (!existsSync(python)) return `${python} is absent`;
  const r = spawnSync(python, ['-c', 'import torch, torchvision'], { encoding: 'utf8' });
  return r.status === 0 ? undefined : `python3-torch/python3-torchvision are not installed (${(r.stderr || '').trim().split('\n').pop() ?? ''})`;
}

/** Generates the CNN fixtures once per version of the generator (atomic: a finished folder is renamed into place). */
function ensureFixtures(): string {
  const stamp = createHash('sha256').update(readFileSync(generator)).digest('hex').slice(0, 16);
  const dir = join(cache, stamp);
  if (existsSync(join(dir, 'done'))) return dir;
  mkdirSync(cache, { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  execFileSync(python, [generator, 'cnn', tmp], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, OMP_NUM_THREADS: '1' } });
  writeFileSync(join(tmp, 'done'), stamp);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return dir;
}

const missing = torchMissing();
// Integrated gradients through ReLU/ReLU6/max-pool kinks of random deep nets converge slowly (64
// Gauss–Legendre steps leave Σ delta at 2–200% of the gap), so completeness is asserted on the smooth
// transformer zoo only; here IG must run and be finite, and PGD must raise the loss inside its ball.
const models = [
  { name: 'ResNet-18', base: 'resnet18', batchNormFree: false },
  { name: 'MobileNetV2', base: 'mobilenet_v2', batchNormFree: false },
  { name: 'EfficientNet-B0', base: 'efficientnet_b0', batchNormFree: false },
  { name: 'SqueezeNet 1.1', base: 'squeezenet1_1', batchNormFree: true },
];

describe.skipIf(missing !== undefined)(`CNN zoo from torchvision 0.14, opset 17, dynamic batch, 32×32 inputs${missing ? ` (skipped: ${missing})` : ''}`, () => {
  const dir = missing ? '' : ensureFixtures();
  describe.each(models)('$name', ({ base, batchNormFree }) => {
    const m = missing ? undefined : zooModel(dir, `${base}_op17.onnx`, `${base}.npz`);
    it('logits match PyTorch to 1e-4 and the target logit gradient to 1e-3 relative', async () => {
      await expectLogits(m!, await loadOnnx(m!.onnx));
      await expectTargetGradient(m!, await loadOnnx(m!.onnx));
    });
    it.runIf(batchNormFree)('one SGD epoch of keel train --init matches PyTorch to 1e-3', async () => {
      await expectSgdEpoch(m!, { batchSize: 4 });
    });
    it('integrated gradients and PGD run on it', async () => {
      await expectIgAndPgd(m!, await loadOnnx(m!.onnx), { igComplete: false });
    });
  });

  it('ResNet-18 is cut before its classifier and gets a new head from the CLI (issue 16); the frozen backbone stays bit-identical', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'keel-zoo-cut-'));
    // 16 real MNIST digits 0 and 1, padded to 32×32 and repeated over the 3 input channels.
    const m = loadMnist({ shape: 'image', trainLimit: 200, testLimit: 1 }).train;
    const rows = [...Array(200).keys()].filter((i) => Number(m.y.data[i]) <= 1).slice(0, 16);
    const x = new Float32Array(rows.length * 3 * 32 * 32);
    rows.forEach((r, n) => {
      for (let c = 0; c < 3; c++) for (let i = 0; i < 28; i++) for (let j = 0; j < 28; j++) x[((n * 3 + c) * 32 + i + 2) * 32 + j + 2] = m.x.data[r * 784 + i * 28 + j]!;
    });
    writeNpy(join(tmp, 'x.npy'), { dtype: 'float32', shape: [rows.length, 3, 32, 32], data: x });
    writeNpy(join(tmp, 'y.npy'), { dtype: 'int64', shape: [rows.length], data: BigInt64Array.from(rows, (r) => BigInt(Number(m.y.data[r]))) });
    const onnx = join(dir, 'resnet18_op17.onnx');
    const out = join(tmp, 'run');
    const r = keel(['train', '--init', onnx, '--cut-at', 'auto', '--head', 'dense(2)', '--freeze', '*', '--data', join(tmp, 'x.npy'), '--labels', join(tmp, 'y.npy'), '--epochs', '1', '--val-split', '0', '--batch-size', '8', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const { after, compared } = await expectBackboneUnchanged(onnx, join(out, 'model.onnx'));
    expect(after.outputs[0]!.shape[1]).toBe(2);
    // torch.onnx.export folds BatchNorm into the convolutions: 20 convs, each a weight and a bias.
    expect(compared).toBe(40);
    rmSync(tmp, { recursive: true, force: true });
  });
});
