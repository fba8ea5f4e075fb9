import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { bundledDataDir } from '../../src/datasets/index.js';
import { readIdx } from '../../src/io/index.js';

/** The first `limit` bundled MNIST test digits as uint8 28×28 images and labels. */
export function mnistDigits(limit: number): { images: Uint8Array[]; labels: number[] } {
  const x = readIdx(join(bundledDataDir(), 'mnist', 't10k-images-idx3-ubyte.gz'));
  const y = readIdx(join(bundledDataDir(), 'mnist', 't10k-labels-idx1-ubyte.gz'));
  const images: Uint8Array[] = [];
  const labels: number[] = [];
  for (let i = 0; i < limit; i++) {
    images.push((x.data as Uint8Array).slice(i * 784, (i + 1) * 784));
    labels.push(Number(y.data[i]));
  }
  return { images, labels };
}

function rgba(gray: Uint8Array): Uint8Array {
  const out = new Uint8Array(gray.length * 4);
  gray.forEach((v, k) => { out.set([v, v, v, 255], 4 * k); });
  return out;
}

/** Encodes a 28×28 gray digit as PNG bytes (pngjs). */
export function pngBytes(gray: Uint8Array, side = 28): Buffer {
  const png = new PNG({ width: side, height: side });
  png.data = Buffer.from(rgba(gray));
  return PNG.sync.write(png);
}

/** Encodes a 28×28 gray digit as JPEG bytes (jpeg-js). */
export function jpegBytes(gray: Uint8Array, quality = 85): Buffer {
  return jpeg.encode({ width: 28, height: 28, data: rgba(gray) }, quality).data;
}

/** Writes `dir/<label>/<name>` and returns the relative path. */
export function put(dir: string, label: string | number, name: string, bytes: Uint8Array): string {
  mkdirSync(join(dir, String(label)), { recursive: true });
  writeFileSync(join(dir, String(label), name), bytes);
  return `${label}/${name}`;
}
