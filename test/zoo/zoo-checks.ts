import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { trainFitCommand } from '../../src/cli/commands/train-fit.js';
import type { HostTensor } from '../../src/core/index.js';
import { ExplainModel, IntegratedGradients, type F32 } from '../../src/explain/index.js';
import { readNpz, writeNpy } from '../../src/io/index.js';
import { loadOnnx, type ImportedModel } from '../../src/onnx/index.js';
import { GraphClassifier, PgdAttack, hostLoss, perturbationNorms } from '../../src/robust/index.js';
import { Session } from '../../src/runtime/index.js';
import { maxAbsDiff } from '../helpers/compare.js';
import { targetLogitGradient } from '../helpers/target-gradient.js';

/** A zoo model: its ONNX file and the PyTorch references make_zoo.py wrote beside it. */
export interface ZooModel {
  readonly onnx: string;
  readonly refs: ReadonlyMap<string, HostTensor>;
}

export function zooModel(dir: string, file: string, refs: string): ZooModel {
  return { onnx: join(dir, file), refs: readNpz(join(dir, refs)) };
}

export function ref(m: ZooModel, key: string): HostTensor {
  const t = m.refs.get(key);
  if (!t) throw new Error(`reference ${key} missing for ${m.onnx}`);
  return t;
}

function maxAbs(t: HostTensor): number {
  let m = 0;
  for (let i = 0; i < t.data.length; i++) m = Math.max(m, Math.abs(Number(t.data[i])));
  return m;
}

/** Logits on the reference batch (a batch size other than the export's) match PyTorch to 1e-4. */
export async function expectLogits(m: ZooModel, model: ImportedModel): Promise<void> {
  const s = await Session.create(model.graph);
  const out = await s.run({ x: ref(m, 'x') });
  await s.release();
  expect(maxAbsDiff(out['logits']!, ref(m, 'logits'))).toBeLessThan(1e-4);
}

/** d(Σ_i logits[i, target_i]) / dx matches PyTorch to 1e-3 relative to the gradient's largest entry. */
export async function expectTargetGradient(m: ZooModel, model: ImportedModel): Promise<void> {
  const out = await targetLogitGradient(model.graph, ref(m, 'x'), ref(m, 'target'), ref(m, 'logits').shape[1]!);
  const expected = ref(m, 'grad');
  expect(maxAbs(expected)).toBeGreaterThan(0);
  expect(maxAbsDiff(out, expected) / maxAbs(expected)).toBeLessThan(1e-3);
}

/**
 * One epoch of `keel train --init MODEL --optimizer sgd --no-shuffle` (the command's own code path)
 * lands where PyTorch's SGD epoch did: logits on the reference batch to 1e-3. The saved model keeps
 * the opset it was imported at (17 at least).
 */
export async function expectSgdEpoch(m: ZooModel, opts: { batchSize: number }): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'keel-zoo-'));
  try {
    writeNpy(join(dir, 'x.npy'), ref(m, 'ft_x'));
    writeNpy(join(dir, 'y.npy'), ref(m, 'ft_y'));
    const before = await loadOnnx(m.onnx);
    await trainFitCommand({ init: m.onnx, data: join(dir, 'x.npy'), labels: join(dir, 'y.npy'), epochs: 1, batchSize: opts.batchSize, optimizer: 'sgd', lr: Number(ref(m, 'ft_lr').data[0]), shuffle: false, seed: 0, valSplit: 0, out: join(dir, 'out') });
    const tuned = await loadOnnx(join(dir, 'out', 'model.onnx'));
    expect(tuned.opset).toBe(Math.max(17, before.opset));
    const s = await Session.create(tuned.graph);
    const out = (await s.run({ x: ref(m, 'x') }))['logits']!;
    await s.release();
    // The update is real (the logits moved) and matches PyTorch's.
    expect(maxAbsDiff(ref(m, 'logits'), ref(m, 'ft_after'))).toBeGreaterThan(1e-3);
    expect(maxAbsDiff(out, ref(m, 'ft_after'))).toBeLessThan(1e-3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Integrated gradients run (64 steps, and are complete — Σ attributions ≈ f(x) − f(0) for the target,
 * within 2% of the gap summed over rows — when `igComplete`; 16 steps otherwise) and PGD stays in its ε-ball while raising the cross-entropy.
 */
export async function expectIgAndPgd(m: ZooModel, model: ImportedModel, opts: { igComplete: boolean } = { igComplete: true }): Promise<void> {
  const x = ref(m, 'x') as F32;
  const target = Int32Array.from({ length: ref(m, 'target').data.length }, (_, i) => Number(ref(m, 'target').data[i]));
  const em = await ExplainModel.create(model.graph);
  const { attributions, delta } = await new IntegratedGradients(em, { steps: opts.igComplete ? 64 : 16 }).attribute(x, { target: ref(m, 'target'), baselines: 'zero' });
  expect(attributions.shape).toEqual(x.shape);
  expect(attributions.data.every(Number.isFinite)).toBe(true);
  const f = await em.forward(x);
  const f0 = await em.forward({ dtype: 'float32', shape: x.shape, data: new Float32Array(x.data.length) });
  const classes = em.classes;
  const gap = target.reduce((s, t, i) => s + Math.abs(f.data[i * classes + t]! - f0.data[i * classes + t]!), 0);
  expect(gap).toBeGreaterThan(0);
  if (opts.igComplete) expect(delta!.reduce((s, d) => s + d, 0) / gap).toBeLessThan(0.02);

  const clf = GraphClassifier.create(model.graph, { rowShape: x.shape.slice(1) });
  try {
    const eps = 0.05;
    const r = await new PgdAttack(clf, { steps: 5 }).perturb(x, ref(m, 'target'), { eps, norm: 'linf', clip: [-1e3, 1e3], seed: 3 });
    const rows = x.shape[0]!;
    const dim = x.data.length / rows;
    for (const n of perturbationNorms(r.adversarial.data, x.data, dim, 'linf')) expect(n).toBeLessThanOrEqual(eps * (1 + 1e-6));
    const lossOf = async (d: Float32Array): Promise<number> => hostLoss('ce', await clf.logits(d, rows), target, clf.classes).reduce((s, v) => s + v, 0);
    expect(await lossOf(r.adversarial.data)).toBeGreaterThan(await lossOf(x.data));
  } finally {
    await clf.release();
  }
}
