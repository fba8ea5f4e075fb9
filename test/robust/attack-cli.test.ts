import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNpy, writeNpy } from '../../src/io/index.js';
import { keel } from '../cli/run-cli.js';

const dir = join(import.meta.dirname, '../fixtures/torch-reference');
const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { attack: { eps: number; fgsm_accuracy: number; pgd_accuracy: number; clean_accuracy: number } };
const tmp = mkdtempSync(join(tmpdir(), 'keel-attack-'));
const base = ['attack', '--model', join(dir, 'cnn.onnx'), '--data', join(dir, 'cnn_x.npy'), '--labels', join(dir, 'cnn_y.npy')];

interface Summary {
  clean_accuracy: number;
  robust_accuracy: number;
  eps: number;
  attack: string;
  per_example: { robust: boolean; clean_correct: boolean }[];
}

describe('keel attack (reference CNN)', () => {
  it('fgsm and pgd reproduce the PyTorch reference accuracies', () => {
    const out = join(tmp, 'fgsm.npy');
    const r1 = keel([...base, '--attack', 'fgsm', '--eps', '0.1', '--clip', '0,1', '--out', out, '--json', join(tmp, 'fgsm.json')]);
    expect(r1.stderr).toBe('');
    expect(r1.status).toBe(0);
    const s1 = JSON.parse(readFileSync(join(tmp, 'fgsm.json'), 'utf8')) as Summary;
    expect(s1.attack).toBe('fgsm');
    expect(s1.eps).toBe(0.1);
    expect(s1.clean_accuracy).toBeCloseTo(meta.attack.clean_accuracy, 5);
    expect(Math.abs(s1.robust_accuracy - meta.attack.fgsm_accuracy) * 200).toBeLessThanOrEqual(1);
    expect(s1.per_example).toHaveLength(200);
    expect(s1.per_example.filter((e) => e.robust).length / 200).toBeCloseTo(s1.robust_accuracy, 10);
    expect(readNpy(out).shape).toEqual([200, 1, 8, 8]);

    const r2 = keel([...base, '--attack', 'pgd', '--eps', '0.1', '--norm', 'linf', '--steps', '20', '--step-size', '0.02', '--no-random-start', '--out', join(tmp, 'pgd.npy'), '--json', join(tmp, 'pgd.json')]);
    expect(r2.status).toBe(0);
    const s2 = JSON.parse(readFileSync(join(tmp, 'pgd.json'), 'utf8')) as Summary;
    expect(Math.abs(s2.robust_accuracy - meta.attack.pgd_accuracy)).toBeLessThanOrEqual(0.01);
  });

  it('rejects bad input with typed errors', () => {
    const out = join(tmp, 'bad.npy');
    const neg = keel([...base, '--attack', 'pgd', '--eps=-0.1', '--out', out]);
    expect(neg.status).toBe(2);
    expect(neg.stderr).toContain('ATTACK_EPS');
    const norm = keel([...base, '--attack', 'square', '--eps', '0.1', '--norm', 'l2', '--out', out]);
    expect(norm.status).toBe(2);
    expect(norm.stderr).toContain('ATTACK_NORM');
    const labels = readNpy(join(dir, 'cnn_y.npy'));
    const bad = { ...labels, data: BigInt64Array.from(labels.data as BigInt64Array, (v, i) => (i === 3 ? 10n : v)) };
    writeNpy(join(tmp, 'bad_y.npy'), bad);
    const lab = keel(['attack', '--model', join(dir, 'cnn.onnx'), '--data', join(dir, 'cnn_x.npy'), '--labels', join(tmp, 'bad_y.npy'), '--attack', 'fgsm', '--eps', '0.1', '--out', out]);
    expect(lab.status).toBe(3);
    expect(lab.stderr).toContain('ATTACK_LABELS');
    const boxed = keel([...base, '--attack', 'fgsm', '--eps', '0.1', '--clip', '0.2,1', '--out', out]);
    expect(boxed.status).toBe(3);
    expect(boxed.stderr).toContain('ATTACK_INPUT_BOX');
  });
});
