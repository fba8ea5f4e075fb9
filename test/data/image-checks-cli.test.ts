import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeNpy } from '../../src/io/index.js';
import { listImageFolder, loadImageFolder } from '../../src/data/index.js';
import { keel } from '../cli/run-cli.js';
import { FIXTURES, tempDir } from './helpers.js';
import { jpegBytes, mnistDigits, pngBytes, put } from './image-helpers.js';

interface Report {
  checks: { id: string; passed: boolean; status: string; severity: string; summary: string; evidence: { rows: number[]; items: Record<string, unknown>[] } }[];
  label_issues: number[];
  files?: string[];
}

const byId = (r: Report, id: string): Report['checks'][number] => r.checks.find((c) => c.id === id)!;

/** 60 distinct MNIST digits of classes 0, 1 and 7 as PNGs, 20 per class. */
function cleanFolder(): { dir: string; files: string[]; digits: ReturnType<typeof mnistDigits> } {
  const dir = tempDir();
  const digits = mnistDigits(400);
  const files: string[] = [];
  const per = new Map<number, number>();
  digits.images.forEach((img, i) => {
    const y = digits.labels[i]!;
    if (![0, 1, 7].includes(y) || (per.get(y) ?? 0) >= 20) return;
    per.set(y, (per.get(y) ?? 0) + 1);
    files.push(put(dir, y, `${String(i).padStart(4, '0')}.png`, pngBytes(img)));
  });
  return { dir, files, digits };
}

describe('keel check on image folders (one sub-folder per class)', () => {
  it('passes the image checks on distinct MNIST digits', () => {
    const { dir } = cleanFolder();
    const json = join(tempDir(), 'r.json');
    const r = keel(['check', '--data', dir, '--json', json, '--fail-on', 'warning']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    expect(report.checks.slice(0, 3).map((c) => [c.id, c.passed])).toEqual([
      ['unreadable_images', true],
      ['image_shape_mismatch', true],
      ['duplicate_images', true],
    ]);
    expect(report.files).toHaveLength(60);
  });

  it('flags a corrupt PNG, a duplicate (copy and JPEG re-encode) and a wrong-size image', () => {
    const { dir, digits } = cleanFolder();
    const good = pngBytes(digits.images[3]!); // MNIST test #3 is a 0
    put(dir, 7, 'corrupt.png', good.subarray(0, 60)); // valid signature and header, truncated data
    put(dir, 0, 'copy-of-0003.png', good);
    put(dir, 1, 'reencoded-0003.jpg', jpegBytes(digits.images[3]!));
    copyFileSync(join(FIXTURES, 'images', 'cifar10_01_8.png'), join(dir, '1', 'cifar.png'));
    const json = join(tempDir(), 'r.json');
    const r = keel(['check', '--data', dir, '--json', json, '--fail-on', 'error']);
    expect(r.status).toBe(1);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    const files = report.files!;
    const unreadable = byId(report, 'unreadable_images');
    expect(unreadable.passed).toBe(false);
    expect(unreadable.evidence.rows.map((i) => files[i])).toEqual(['7/corrupt.png']);
    expect(unreadable.evidence.items[0]).toMatchObject({ file: '7/corrupt.png', code: 'IMAGE_DECODE' });
    const shapes = byId(report, 'image_shape_mismatch');
    expect(shapes.passed).toBe(false);
    expect(shapes.evidence.items).toEqual([{ row: files.indexOf('1/cifar.png'), file: '1/cifar.png', shape: '32x32x3', expected: '28x28x1' }]);
    const dups = byId(report, 'duplicate_images');
    expect(dups.passed).toBe(false);
    const pairs = dups.evidence.items.map((it) => [it.file, it.duplicate_of_file]).sort();
    expect(pairs).toEqual([
      ['0/copy-of-0003.png', '0/0003.png'],
      ['1/reencoded-0003.jpg', '0/0003.png'],
    ]);
    // The pixel-identical copy is also a plain duplicate; the re-encoded one carries another label.
    expect(byId(report, 'duplicates').evidence.rows.map((i) => files[i])).toEqual(['0/copy-of-0003.png']);
  });

  it('loading the folder for training fails with a typed error naming the corrupt file', async () => {
    const { dir, digits } = cleanFolder();
    put(dir, 7, 'corrupt.png', pngBytes(digits.images[3]!).subarray(0, 60));
    await expect(loadImageFolder(await listImageFolder(dir))).rejects.toMatchObject({
      code: 'IMAGE_DECODE',
      details: { file: join(dir, '7/corrupt.png'), format: 'png' },
    });
  });
});

describe('keel check on .npy arrays with --labels', () => {
  it('finds planted duplicate digits and writes the JSON shape', () => {
    const { images, labels } = mnistDigits(300);
    const rows = [...images, images[10]!, images[20]!];
    const ys = [...labels, labels[10]!, (labels[20]! + 1) % 10];
    const dir = tempDir();
    const x = join(dir, 'x.npy');
    const y = join(dir, 'y.npy');
    const data = new Uint8Array(rows.length * 784);
    rows.forEach((r, i) => { data.set(r, i * 784); });
    writeNpy(x, { dtype: 'uint8', shape: [rows.length, 28, 28], data });
    writeNpy(y, { dtype: 'int64', shape: [ys.length], data: BigInt64Array.from(ys, BigInt) });
    const json = join(dir, 'r.json');
    const r = keel(['check', '--data', x, '--labels', y, '--json', json, '--fail-on', 'error']);
    expect(r.status).toBe(1); // the relabelled copy is a conflicting label (error)
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    for (const c of report.checks) expect(Object.keys(c).sort()).toEqual(['evidence', 'id', 'passed', ...(c.status === 'not_run' ? ['reason'] : []), 'severity', 'status', 'summary']);
    expect(byId(report, 'duplicate_images').evidence.rows).toEqual([300, 301]);
    expect(byId(report, 'conflicting_labels').passed).toBe(false);
    expect(report.label_issues).toEqual([]);
    const missing = keel(['check', '--data', x, '--json', json]);
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim()).toMatch(/^keel: LABELS_REQUIRED: .*x\.npy: array data needs --labels/);
  });
});
