import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeNpy } from '../../src/io/index.js';
import type { KillCase } from './kill-harness.js';
import { KILLS, killRepeatedly } from './kill-harness.js';

/** SIGKILL at random moments: the commands that read a model and write files. */
const root = mkdtempSync(join(tmpdir(), 'keel-kill-model-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});
const ref = join(import.meta.dirname, '..', 'fixtures', 'torch-reference');
const model = join(ref, 'tab.onnx');
const x = join(ref, 'tab_x.npy');
const y = join(ref, 'tab_target.npy');
/**
 * Training refuses a single-class target (tab_target.npy is all class 1, the attribution target),
 * so the fine-tuning run gets two classes: the fixture's rows alternating between 0 and 1.
 */
const yTrain = join(root, 'two-class.npy');
writeNpy(yTrain, { dtype: 'int64', shape: [20], data: BigInt64Array.from({ length: 20 }, (_, i) => BigInt(i % 2)) });

const cases: readonly KillCase[] = [
  { name: 'predict', args: ['predict', '--model', model, '--data', x, '--out', 'p.npy'], outputs: ['p.npy'] },
  { name: 'evaluate', args: ['evaluate', '--model', model, '--data', x, '--labels', y, '--json', 'e.json'], outputs: ['e.json'] },
  { name: 'train', args: ['train', '--init', model, '--data', x, '--labels', yTrain, '--epochs', '2', '--batch-size', '8', '--seed', '1', '--out', 'run'], outputs: ['run/'] },
  { name: 'quantize', args: ['quantize', '--model', model, '--out', 'q.onnx', '--calibration', x, '--mode', 'dynamic', '--force'], outputs: ['q.onnx'] },
  { name: 'prune', args: ['prune', '--model', model, '--out', 'p.onnx', '--method', 'magnitude', '--sparsity', '0.5'], outputs: ['p.onnx'] },
  { name: 'distill', args: ['distill', '--teacher', model, '--student', model, '--out', 'd.onnx', '--data', x, '--labels', y], outputs: ['d.onnx'] },
  { name: 'attack', args: ['attack', '--model', model, '--data', x, '--labels', y, '--attack', 'pgd', '--eps', '0.1', '--clip=-10,10', '--out', 'a.npy', '--json', 'a.json'], outputs: ['a.npy', 'a.json'] },
  { name: 'explain', args: ['explain', '--model', model, '--data', x, '--labels', '1', '--method', 'integrated-gradients', '--out', 'x.npy', '--json', 'x.json'], outputs: ['x.npy', 'x.json'] },
  { name: 'profile', args: ['profile', '--model', model, '--batch', '1', '--json', 'prof.json'], outputs: ['prof.json'] },
  { name: 'embed', args: ['embed', '--model', model, '--layer', 'auto', '--data', x, '--out', 'e.npy', '--quiet'], outputs: ['e.npy'] },
];

describe(`SIGKILL at ${KILLS} seeded moments leaves each output previous or complete`, () => {
  cases.forEach((c, i) => {
    it(`keel ${c.name}`, async () => {
      const r = await killRepeatedly(root, c, 1800 + i);
      expect(r.previous + r.replaced).toBeGreaterThanOrEqual(KILLS);
    }, 120_000);
  });
});
