import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { predictCommand } from '../../src/cli/commands/predict.js';
import { isKeelError, tensor, type HostTensor } from '../../src/core/index.js';
import { readNpy, writeNpy } from '../../src/io/index.js';
import { Model } from '../../src/model/index.js';
import { loadOnnx } from '../../src/onnx/index.js';
import { runAudit } from '../../src/report/index.js';
import { argmax, HopSkipJumpAttack, PgdAttack, SquareAttack, type AttackResult } from '../../src/robust/index.js';
import { Session } from '../../src/runtime/index.js';
import { keel } from '../cli/run-cli.js';
import { maxAbsDiff } from '../helpers/compare.js';

// A PyTorch export with Resize (nn.Upsample), an op Keel does not have (make_zoo.py, upsampler()):
// input [N, 1, 4, 4], logits [N, 3], seeded random weights.
const dir = join(import.meta.dirname, '../fixtures/torch-zoo');
const model = join(dir, 'upsample_op17.onnx');
const tmp = mkdtempSync(join(tmpdir(), 'keel-fallback-'));
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});
const BLOCKS = /op Resize \(node "\/up\/Resize"\) at opset 17/;

/** Real images for the attacks: the first 24 scikit-learn digits (rnn_x.npy, 8x8 in [0, 1]) mean-pooled to 1x4x4. */
function digits4x4(): HostTensor<'float32'> {
  const d = readNpy(join(dir, 'rnn_x.npy')).data as Float32Array;
  const rows = 24;
  const out = tensor('float32', [rows, 1, 4, 4]);
  for (let i = 0; i < rows; i++) {
    for (let r = 0; r < 4; r++) {
      for (let c = 0; c < 4; c++) {
        const at = (rr: number, cc: number): number => d[i * 64 + rr * 8 + cc]!;
        out.data[i * 16 + r * 4 + c] = (at(2 * r, 2 * c) + at(2 * r, 2 * c + 1) + at(2 * r + 1, 2 * c) + at(2 * r + 1, 2 * c + 1)) / 4;
      }
    }
  }
  return out;
}

/** The model's classes for `x`, from a plain onnxruntime session on the file (an independent reference). */
async function ortClasses(x: HostTensor): Promise<Int32Array> {
  const s = await Session.fromBytes(readFileSync(model));
  const out = await s.run({ x });
  await s.release();
  return argmax(out['logits']!.data as Float32Array, 3);
}

const x = digits4x4();
const xFile = join(tmp, 'x.npy');
writeNpy(xFile, x);

/** Checks an attack result against onnxruntime: its predictions are the model's, inside the box. */
async function expectHonest(r: AttackResult, clean: Int32Array): Promise<void> {
  expect(Array.from(r.predictions)).toEqual(Array.from(await ortClasses(r.adversarial)));
  for (const v of r.adversarial.data) expect(v >= 0 && v <= 1).toBe(true);
  // Success means the class moved away from the (clean) label.
  r.success.forEach((s, i) => {
    expect(s === 1).toBe(r.predictions[i] !== clean[i]);
  });
}

describe('a model with an op Keel lacks runs straight on onnxruntime', () => {
  it('keel predict matches PyTorch to 1e-4', async () => {
    await predictCommand({ model, data: join(dir, 'upsample_x.npy'), out: join(tmp, 'p.npy') });
    expect(maxAbsDiff(readNpy(join(tmp, 'p.npy')), readNpy(join(dir, 'upsample_logits.npy')))).toBeLessThan(1e-4);
  });

  it('keel predict says once which op blocks gradients and writes what plain onnxruntime computes', async () => {
    const out = join(tmp, 'cli-p.npy');
    const r = keel(['predict', '--model', model, '--data', xFile, '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const notes = r.stderr.split('\n').filter((l) => l.startsWith('keel: note:'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(BLOCKS);
    expect(notes[0]).toContain('blocks gradients, so the model runs on onnxruntime directly');
    expect(r.stderr.match(/blocks gradients/g)).toHaveLength(1);
    const s = await Session.fromBytes(readFileSync(model));
    const want = (await s.run({ x }))['logits']!;
    await s.release();
    const got = readNpy(out);
    expect(got.shape).toEqual(want.shape);
    expect(Array.from(got.data as Float32Array)).toEqual(Array.from(want.data as Float32Array));
  });

  it('Model.loadForInference predicts like PyTorch, says once which op blocks gradients, and its graph is the typed UNSUPPORTED_OP', async () => {
    const notes: string[] = [];
    const m = await Model.loadForInference(model, { onNote: (n) => notes.push(n) });
    expect(maxAbsDiff(await m.predict(readNpy(join(dir, 'upsample_x.npy'))), readNpy(join(dir, 'upsample_logits.npy')))).toBeLessThan(1e-4);
    await m.predict(x);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(BLOCKS);
    expect(notes[0]).toContain('blocks gradients');
    expect(m.classes).toBe(3);
    const graphOf = (): unknown => m.graph;
    expect(graphOf).toThrow(BLOCKS);
    expect(isKeelError(await Promise.resolve().then(graphOf).catch((e: unknown) => e), 'UNSUPPORTED_OP')).toBe(true);
    await m.release();
  });

  it('gradient-based paths get a typed UNSUPPORTED_OP naming op, node and opset', async () => {
    const err = await loadOnnx(model).catch((e: unknown) => e);
    expect(isKeelError(err, 'UNSUPPORTED_OP')).toBe(true);
    expect((err as Error).message).toMatch(BLOCKS);
    const m = await Model.loadForInference(model, { onNote: () => undefined });
    expect(() => new PgdAttack(m)).toThrow(BLOCKS);
  });

  it('the score-only attacks (Square, HopSkipJump) run on it from the library', async () => {
    const m = await Model.loadForInference(model, { onNote: () => undefined });
    const clean = await ortClasses(x);
    const labels = tensor('int64', [clean.length], Array.from(clean));
    const square = await new SquareAttack(m, { queries: 150 }).perturb(x, labels, { eps: 0.3, seed: 1 });
    await expectHonest(square, clean);
    for (let i = 0; i < x.data.length; i++) expect(Math.abs(square.adversarial.data[i]! - x.data[i]!)).toBeLessThanOrEqual(0.3 + 1e-6);
    expect(square.success.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    const rows = 6;
    const x6 = tensor('float32', [rows, 1, 4, 4], x.data.subarray(0, rows * 16));
    const hsj = await new HopSkipJumpAttack(m, { iterations: 4, initialEvals: 20, maxEvals: 50 }).perturb(x6, tensor('int64', [rows], Array.from(clean.subarray(0, rows))), { eps: 2, norm: 'l2', seed: 1 });
    await expectHonest(hsj, clean.subarray(0, rows));
    expect(hsj.success.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(hsj.queries).toBeGreaterThan(0);
    await m.release();
  });

  it('keel attack: square runs with one note; pgd stops with UNSUPPORTED_OP naming op, node and opset', async () => {
    const clean = await ortClasses(x);
    const yFile = join(tmp, 'y.npy');
    writeNpy(yFile, tensor('int64', [clean.length], Array.from(clean)));
    const r = keel(['attack', '--model', model, '--data', xFile, '--labels', yFile, '--attack', 'square', '--eps', '0.3', '--steps', '100', '--out', join(tmp, 'adv.npy'), '--json', join(tmp, 'adv.json')]);
    expect(r.status, r.stderr).toBe(0);
    const notes = r.stderr.split('\n').filter((l) => l.startsWith('keel: note:'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(BLOCKS);
    const summary = JSON.parse(readFileSync(join(tmp, 'adv.json'), 'utf8')) as { clean_accuracy: number; robust_accuracy: number };
    expect(summary.clean_accuracy).toBe(1);
    expect(summary.robust_accuracy).toBeLessThan(1);
    expect(Array.from(await ortClasses(readNpy(join(tmp, 'adv.npy'))))).not.toEqual(Array.from(clean));
    const pgd = keel(['attack', '--model', model, '--data', xFile, '--labels', yFile, '--attack', 'pgd', '--eps', '0.3', '--out', join(tmp, 'adv-pgd.npy')]);
    expect(pgd.status).toBe(3);
    expect(pgd.stderr).toContain('UNSUPPORTED_OP');
    expect(pgd.stderr).toMatch(BLOCKS);
  });

  it('keel profile times it on onnxruntime, with one note and no made-up FLOPs', () => {
    const json = join(tmp, 'profile.json');
    const r = keel(['profile', '--model', model, '--batch', '1,8', '--threads', '1', '--json', json]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('keel: note:'))).toHaveLength(1);
    expect(r.stderr).toMatch(BLOCKS);
    const p = JSON.parse(readFileSync(json, 'utf8')) as { parameters: number; flops_per_sample: number | null; latency: { batch: number; p50_ms: number }[]; inference_only?: string; uncounted_ops: string[] };
    // Conv 1→2 3x3 (18 + 2) and Linear 128→3 (384 + 3).
    expect(p.parameters).toBe(407);
    expect(p.flops_per_sample).toBeNull();
    expect(p.inference_only).toMatch(BLOCKS);
    expect(p.uncounted_ops).toContain('Resize');
    expect(p.latency.map((l) => l.batch)).toEqual([1, 8]);
    for (const l of p.latency) expect(l.p50_ms).toBeGreaterThan(0);
  });

  it("the audit's model section runs it; sections that need gradients are not run, with the op that blocks them", async () => {
    const clean = await ortClasses(x);
    const yFile = join(tmp, 'y-audit.npy');
    writeNpy(yFile, tensor('int64', [clean.length], Array.from(clean)));
    const notes: string[] = [];
    const report = await runAudit({ model, data: xFile, labels: yFile, config: { sections: ['model', 'performance', 'explain'] }, progress: (e) => (e.state === 'note' ? notes.push(e.message) : undefined) });
    const area = (name: string) => report.areas.find((a) => a.area === name)!;
    expect(area('model').checks.map((c) => [c.id, c.status])).toEqual([['model.non_finite_outputs', 'pass'], ['model.output_width', 'pass']]);
    const summary = area('model').figures.find((f) => f.id === 'model-summary');
    expect(JSON.stringify(summary)).toMatch(/Resize/);
    expect(JSON.stringify(summary)).toContain('"parameters",407');
    expect(area('generalization').checks.find((c) => c.id === 'performance.accuracy')?.figures['value']).toBe(1);
    const explain = area('interpretability');
    expect(explain?.status).toBe('not run');
    expect(explain?.notRun).toMatch(BLOCKS);
    expect(notes.filter((n) => BLOCKS.test(n))).toHaveLength(1);
  });
});
