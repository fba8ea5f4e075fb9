import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { loadMnist } from '../datasets/index.js';
import { listImageFolder, loadImageFolder } from './image-folder.js';

/** Writes one PNG whose pixel (p) is rgb(p) (8-bit). */
function writePng(file: string, w: number, h: number, rgb: (p: number) => [number, number, number]): void {
  const png = new PNG({ width: w, height: h });
  for (let p = 0; p < w * h; p++) png.data.set([...rgb(p), 255], p * 4);
  writeFileSync(file, PNG.sync.write(png));
}

describe('loadImageFolder (training mode)', () => {
  const { test } = loadMnist({ shape: 'flat', trainLimit: 1, testLimit: 40 });
  const pixel = (i: number, p: number): number => Math.round(test.x.data[i * 784 + p]! * 255);

  it('reads MNIST digits written as PNG class folders back exactly, labels in sorted folder order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-imgfolder-'));
    const picked: { i: number; digit: number }[] = [];
    for (let i = 0; i < 40; i++) {
      const digit = Number(test.y.data[i]);
      if (digit !== 1 && digit !== 7) continue;
      mkdirSync(join(dir, `digit-${digit}`), { recursive: true });
      writePng(join(dir, `digit-${digit}`, `${String(i).padStart(3, '0')}.png`), 28, 28, (p) => [pixel(i, p), pixel(i, p), pixel(i, p)]);
      picked.push({ i, digit });
    }
    const { x, y, classes } = await loadImageFolder(await listImageFolder(dir));
    expect(classes).toEqual(['digit-1', 'digit-7']);
    const order = [...picked].sort((a, b) => a.digit - b.digit || a.i - b.i);
    expect(x.shape).toEqual([order.length, 1, 28, 28]);
    expect(Array.from(y.data, Number)).toEqual(order.map((o) => (o.digit === 1 ? 0 : 1)));
    order.forEach((o, row) => {
      for (let p = 0; p < 784; p += 13) expect(x.data[row * 784 + p]).toBeCloseTo(pixel(o.i, p) / 255, 7);
    });
  });

  it('one colour image makes every image RGB; gray images repeat across the three channels', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-imgfolder-rgb-'));
    for (const c of ['a', 'b']) mkdirSync(join(dir, c));
    writePng(join(dir, 'a', 'gray.png'), 4, 3, (p) => [p * 10, p * 10, p * 10]);
    writePng(join(dir, 'b', 'red.png'), 4, 3, (p) => [200, p, 0]);
    const { x } = await loadImageFolder(await listImageFolder(dir));
    expect(x.shape).toEqual([2, 3, 3, 4]);
    for (let ch = 0; ch < 3; ch++) expect(x.data[ch * 12 + 5]).toBeCloseTo(50 / 255, 7);
    expect([x.data[36 + 5], x.data[36 + 12 + 5], x.data[36 + 24 + 5]].map((v) => Math.round(Number(v) * 255))).toEqual([200, 5, 0]);
  });
});
