import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
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
});
