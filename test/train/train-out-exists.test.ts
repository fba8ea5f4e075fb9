import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keel } from '../cli/run-cli.js';

/** Real data: 1000 rows of UCI Adult (see test/fixtures/train/README.md). */
const adult = join(import.meta.dirname, '../fixtures/train/adult-1000.csv');

describe('keel train --out DIR that already holds a run', () => {
  it('is refused with other settings (TRAIN_OUT_EXISTS, exit 2, nothing changed) unless --overwrite; the same settings run again', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'keel-out-exists-')), 'run');
    const args = ['train', '--data', adult, '--target', 'income', '--model', 'linear', '--out', dir, '--val-split', '0.2'];
    const first = keel([...args, '--epochs', '1']);
    expect(first.status, first.stderr).toBe(0);
    const model = readFileSync(join(dir, 'model.onnx'));

    const other = keel([...args, '--epochs', '2', '--lr', '0.01']);
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/^keel: TRAIN_OUT_EXISTS: .*epochs 1 → 2, lr 0\.001 → 0\.01.*--resume .*--overwrite/);
    expect(readFileSync(join(dir, 'model.onnx')).equals(model)).toBe(true);
    expect((JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { epochs: number }).epochs).toBe(1);

    const overwritten = keel([...args, '--epochs', '2', '--lr', '0.01', '--overwrite']);
    expect(overwritten.status, overwritten.stderr).toBe(0);
    expect(overwritten.stdout).toMatch(/trained 2 epochs/);
    expect(overwritten.stdout).not.toMatch(/resumed/);
    expect((JSON.parse(readFileSync(join(dir, 'history.json'), 'utf8')) as unknown[]).length).toBe(2);

    const again = keel([...args, '--epochs', '2', '--lr', '0.01']);
    expect(again.status, again.stderr).toBe(0);
  }, 120_000);
});
