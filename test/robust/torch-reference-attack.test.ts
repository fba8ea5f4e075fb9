import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostTensor } from '../../src/core/index.js';
import { readNpy } from '../../src/io/index.js';
import { FgsmAttack, GraphClassifier, PgdAttack, argmax } from '../../src/robust/index.js';
import { Model } from '../../src/model/index.js';

const dir = join(import.meta.dirname, '../fixtures/torch-reference');
const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { attack: { eps: number; clean_accuracy: number; fgsm_accuracy: number; pgd_accuracy: number; pgd_steps: number; pgd_step_size: number } };
const ref = meta.attack;

function accuracyOf(pred: Int32Array, y: HostTensor): number {
  let ok = 0;
  pred.forEach((p, i) => (ok += p === Number(y.data[i]) ? 1 : 0));
  return ok / pred.length;
}

describe('attacks on the PyTorch reference CNN (meta.json → attack)', () => {
  let model: GraphClassifier;
  const x = readNpy(join(dir, 'cnn_x.npy'));
  const y = readNpy(join(dir, 'cnn_y.npy'));
  const n = y.shape[0]!;
  beforeAll(async () => {
    model = GraphClassifier.fromModel(await Model.load(join(dir, 'cnn.onnx')));
  });
  afterAll(async () => model.release());

  it('clean accuracy matches', async () => {
    const pred = argmax(await model.logits(x.data as Float32Array, n), 10);
    expect(accuracyOf(pred, y)).toBeCloseTo(ref.clean_accuracy, 5);
  });

  it('FGSM at ε = 0.1 gives the reference accuracy (±1 example)', async () => {
    const r = await new FgsmAttack(model).perturb(x, y, { eps: ref.eps, norm: 'linf', clip: [0, 1] });
    expect(Math.abs(accuracyOf(r.predictions, y) - ref.fgsm_accuracy) * n).toBeLessThanOrEqual(1);
  });

  it('PGD-20 (0.02, no random start) is within 1 point of the reference', async () => {
    const pgd = new PgdAttack(model, { steps: ref.pgd_steps, stepSize: ref.pgd_step_size, randomStart: false });
    const r = await pgd.perturb(x, y, { eps: ref.eps, norm: 'linf', clip: [0, 1] });
    const acc = accuracyOf(r.predictions, y);
    expect(Math.abs(acc - ref.pgd_accuracy)).toBeLessThanOrEqual(0.01);
    // The loss rises over the run (no gradient masking on this model).
    expect(r.lossTrace!.at(-1)!).toBeGreaterThan(r.lossTrace![0]!);
  });
});
