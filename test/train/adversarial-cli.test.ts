import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMnist } from '../../src/datasets/index.js';
import { writeNpy } from '../../src/io/index.js';
import { GraphClassifier, PgdAttack } from '../../src/robust/index.js';
import { keel } from '../cli/run-cli.js';
import { Model } from '../../src/model/index.js';

/** Real data: the first 1000 bundled MNIST training digits (flat, [0, 1]) and 100 test digits. */
const tmp = mkdtempSync(join(tmpdir(), 'keel-train-adv-'));
const { train, test } = loadMnist({ shape: 'flat', trainLimit: 1000, testLimit: 100 });
const x = join(tmp, 'x.npy');
const y = join(tmp, 'y.npy');
writeNpy(x, train.x);
writeNpy(y, train.y);

function run(name: string, ...extra: string[]): { status: number; stderr: string; dir: string } {
  const dir = join(tmp, name);
  return { ...keel(['train', '--data', x, '--labels', y, '--model', 'mlp', '--epochs', '5', '--out', dir, ...extra]), dir };
}

/** Accuracy under a 10-step L∞ PGD (ε = 0.1, step 0.025, no random start) on the test digits. */
async function pgdAccuracy(model: string): Promise<number> {
  const clf = GraphClassifier.fromModel(await Model.load(model));
  try {
    const r = await new PgdAttack(clf, { steps: 10, stepSize: 0.025, randomStart: false }).perturb(test.x, test.y, { eps: 0.1 });
    return r.predictions.reduce((a, p, i) => a + (p === Number(test.y.data[i]) ? 1 : 0), 0) / r.predictions.length;
  } finally {
    await clf.release();
  }
}

describe('keel train --adversarial compiles the attack into the training step', () => {
  it('PGD adversarial training (ε = 0.1, 3 steps) makes the MLP far more robust to PGD than plain training', async () => {
    const plain = run('plain');
    expect(plain.status, plain.stderr).toBe(0);
    const adv = run('pgd', '--adversarial', 'pgd', '--eps', '0.1', '--attack-steps', '3');
    expect(adv.status, adv.stderr).toBe(0);
    const before = await pgdAccuracy(join(plain.dir, 'model.onnx'));
    const after = await pgdAccuracy(join(adv.dir, 'model.onnx'));
    expect(after).toBeGreaterThan(before + 0.15);
  });

  it('--adversarial without --eps, and with a regression loss, are usage errors', () => {
    const r = run('no-eps', '--adversarial', 'trades');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--eps');
    const bce = run('bce', '--adversarial', 'pgd', '--eps', '0.1', '--loss', 'mse');
    expect(bce.status).toBe(2);
    expect(bce.stderr).toContain('--adversarial');
  });
});
