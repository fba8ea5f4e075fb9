import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isKeelError, type HostTensor } from '../../src/core/index.js';
import { readNpy } from '../../src/io/index.js';
import { ApgdAttack, DeepFoolAttack, FgsmAttack, GraphClassifier, HopSkipJumpAttack, PgdAttack, SquareAttack, AutoAttack, argmax, blackBox, hostLoss, perturbationNorms, type Attack, type Norm } from '../../src/robust/index.js';
import { Model } from '../../src/model/index.js';

const dir = join(import.meta.dirname, '../fixtures/torch-reference');
const rows = 24;
const full = readNpy(join(dir, 'cnn_x.npy'));
const fullY = readNpy(join(dir, 'cnn_y.npy'));
const x: HostTensor = { dtype: 'float32', shape: [rows, 1, 8, 8], data: (full.data as Float32Array).slice(0, rows * 64) };
const y: HostTensor = { dtype: 'int64', shape: [rows], data: (fullY.data as BigInt64Array).slice(0, rows) };

let model: GraphClassifier;
beforeAll(async () => {
  model = GraphClassifier.fromModel(await Model.load(join(dir, 'cnn.onnx')));
});
afterAll(async () => model.release());

const cases: { name: string; make: () => Attack; norm: Norm; eps: number; clip: [number, number] }[] = [
  { name: 'fgsm', make: () => new FgsmAttack(model), norm: 'linf', eps: 0.1, clip: [0, 1] },
  { name: 'pgd linf (random start, 2 restarts, cosine)', make: () => new PgdAttack(model, { steps: 8, restarts: 2, schedule: 'cosine' }), norm: 'linf', eps: 0.1, clip: [0, 1] },
  { name: 'pgd l2', make: () => new PgdAttack(model, { steps: 8, stepSize: 0.25 }), norm: 'l2', eps: 1, clip: [0, 1] },
  { name: 'pgd linf, box [-1, 2]', make: () => new PgdAttack(model, { steps: 5, schedule: 'linear' }), norm: 'linf', eps: 0.3, clip: [-1, 2] },
  { name: 'apgd-ce', make: () => new ApgdAttack(model, { steps: 20 }), norm: 'linf', eps: 0.1, clip: [0, 1] },
  { name: 'apgd-dlr l2', make: () => new ApgdAttack(model, { loss: 'dlr', steps: 20 }), norm: 'l2', eps: 1, clip: [0, 1] },
  { name: 'apgd-dlr linf', make: () => new ApgdAttack(model, { loss: 'dlr', steps: 20 }), norm: 'linf', eps: 0.1, clip: [0, 1] },
  { name: 'deepfool l2', make: () => new DeepFoolAttack(model, { steps: 10 }), norm: 'l2', eps: 1, clip: [0, 1] },
  { name: 'deepfool linf', make: () => new DeepFoolAttack(model, { steps: 10 }), norm: 'linf', eps: 0.1, clip: [0, 1] },
  { name: 'square', make: () => new SquareAttack(blackBox(model), { queries: 150 }), norm: 'linf', eps: 0.1, clip: [0, 1] },
  { name: 'hopskipjump', make: () => new HopSkipJumpAttack(blackBox(model), { iterations: 3, initialEvals: 30 }), norm: 'l2', eps: 1.5, clip: [0, 1] },
  { name: 'autoattack', make: () => new AutoAttack([{ attack: new ApgdAttack(model, { steps: 10 }) }, { attack: new ApgdAttack(model, { loss: 'dlr', steps: 10 }) }, { attack: new SquareAttack(blackBox(model), { queries: 100 }), blackBox: true }], model), norm: 'linf', eps: 0.1, clip: [0, 1] },
];

describe.each(cases)('attack conformance: $name', ({ make, norm, eps, clip }) => {
  it('stays in the ε-ball and the box, never raises accuracy, and reproduces for a seed', async () => {
    const attack = make();
    const opts = { eps, norm, clip, seed: 7 } as const;
    const r = await attack.perturb(x, y, opts);
    const xs = x.data as Float32Array;
    const adv = r.adversarial.data;
    expect(r.adversarial.shape).toEqual(x.shape);
    const norms = perturbationNorms(adv, xs, 64, norm);
    for (const n of norms) expect(n).toBeLessThanOrEqual(eps * (1 + 1e-6));
    for (const v of adv) expect(v >= clip[0] && v <= clip[1]).toBe(true);
    const clean = argmax(await model.logits(xs, rows), 10);
    const after = argmax(await model.logits(adv, rows), 10);
    let cleanOk = 0, advOk = 0;
    for (let i = 0; i < rows; i++) {
      const label = Number(y.data[i]);
      cleanOk += clean[i] === label ? 1 : 0;
      advOk += after[i] === label ? 1 : 0;
      // Per example: an attack never turns a wrong prediction right.
      if (clean[i] !== label) expect(after[i]).not.toBe(label);
      expect(r.success[i]).toBe(after[i] !== label ? 1 : 0);
    }
    expect(advOk).toBeLessThanOrEqual(cleanOk);
    const again = await make().perturb(x, y, opts);
    expect(Array.from(again.adversarial.data)).toEqual(Array.from(adv));
  });
});

describe('targeted attacks', () => {
  it('targeted PGD reaches the target class for most rows and stays in the ball', async () => {
    const targets: HostTensor = { dtype: 'int64', shape: [rows], data: BigInt64Array.from({ length: rows }, (_, i) => BigInt((Number(y.data[i]) + 1) % 10)) };
    const r = await new PgdAttack(model, { steps: 30, stepSize: 0.03 }).perturb(x, y, { eps: 0.3, targets, seed: 1 });
    let hit = 0;
    r.predictions.forEach((p, i) => (hit += p === Number(targets.data[i]) ? 1 : 0));
    expect(hit).toBeGreaterThan(rows * 0.5);
    r.success.forEach((s, i) => {
      expect(s).toBe(r.predictions[i] === Number(targets.data[i]) ? 1 : 0);
    });
    for (const n of perturbationNorms(r.adversarial.data, x.data as Float32Array, 64, 'linf')) expect(n).toBeLessThanOrEqual(0.3 * (1 + 1e-6));
  });
});

/** The code of the KeelError an async call rejects with (or a marker when it does not). */
async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return isKeelError(e) ? e.code : `not a KeelError: ${String(e)}`;
  }
  return 'no error';
}

describe.each(cases)('bad input, typed errors: $name', ({ make, norm, eps, clip }) => {
  it('rejects eps < 0, an unsupported norm, labels outside the classes or of the wrong length, inputs outside the box', async () => {
    const attack = make();
    const ok = { eps, norm, clip } as const;
    expect(await codeOf(attack.perturb(x, y, { ...ok, eps: -eps }))).toBe('ATTACK_EPS');
    expect(await codeOf(attack.perturb(x, y, { ...ok, eps: Number.NaN }))).toBe('ATTACK_EPS');
    const unsupported = (['linf', 'l2', 'l1'] as const).find((n) => !attack.norms.includes(n as Norm))!;
    expect(await codeOf(attack.perturb(x, y, { ...ok, norm: unsupported as Norm }))).toBe('ATTACK_NORM');
    const badLabel: HostTensor = { dtype: 'int64', shape: [rows], data: BigInt64Array.from(y.data as BigInt64Array, (v, i) => (i === 5 ? 10n : v)) };
    expect(await codeOf(attack.perturb(x, badLabel, ok))).toBe('ATTACK_LABELS');
    const negLabel: HostTensor = { dtype: 'int64', shape: [rows], data: BigInt64Array.from(y.data as BigInt64Array, (v, i) => (i === 0 ? -1n : v)) };
    expect(await codeOf(attack.perturb(x, negLabel, ok))).toBe('ATTACK_LABELS');
    const short: HostTensor = { dtype: 'int64', shape: [rows - 1], data: (y.data as BigInt64Array).slice(1) };
    expect(await codeOf(attack.perturb(x, short, ok))).toBe('ATTACK_LABELS');
    const floatLabels: HostTensor = { dtype: 'float32', shape: [rows], data: Float32Array.from(y.data as BigInt64Array, Number) };
    expect(await codeOf(attack.perturb(x, floatLabels, ok))).toBe('ATTACK_LABELS');
    const outside: HostTensor = { ...x, data: Float32Array.from(x.data as Float32Array, (v, i) => (i === 70 ? clip[1] + 0.5 : v)) };
    expect(await codeOf(attack.perturb(outside, y, ok))).toBe('ATTACK_INPUT_BOX');
    const wrongShape: HostTensor = { ...x, shape: [rows, 64] };
    expect(await codeOf(attack.perturb(wrongShape, y, ok))).toBe('ATTACK_INPUT_SHAPE');
  });
});

describe('host-side losses', () => {
  it('match the graph losses that attacks differentiate', async () => {
    const xs = x.data as Float32Array;
    const ys = Int32Array.from(y.data as BigInt64Array, Number);
    const z = await model.logits(xs, rows);
    for (const loss of ['ce', 'margin', 'dlr'] as const) {
      const g = await model.lossGradient(xs, ys, loss);
      const h = hostLoss(loss, z, ys, 10);
      h.forEach((v, i) => { expect(v).toBeCloseTo(g.loss[i]!, 4); });
    }
  });
});
