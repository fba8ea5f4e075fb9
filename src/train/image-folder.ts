import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, type HostTensor } from '../core/index.js';
import { decodeImage, type DecodedImage } from '../io/index.js';

/**
 * Reads a folder with one sub-folder per class of PNG/JPEG images into [N, C, H, W] float32 in
 * [0, 1] (C = 1 when every image is gray, else 3) and int64 labels in sorted class-name order.
 * Every image must have the first image's size (`IMAGE_SIZE` error naming the file otherwise).
 * @example `const { x, y, classes } = readImageFolder('photos/');`
 */
export function readImageFolder(dir: string): { x: HostTensor<'float32'>; y: HostTensor<'int64'>; classes: string[] } {
  const classes = readdirSync(dir).filter((d) => statSync(join(dir, d)).isDirectory()).sort();
  if (classes.length === 0) throw new DataError('DATA_EMPTY', `${dir}: no class sub-folders; put images in one folder per class`, { file: dir });
  const imgs: { file: string; label: number; img: DecodedImage }[] = [];
  classes.forEach((c, label) => {
    for (const f of readdirSync(join(dir, c)).filter((f) => /\.(png|jpe?g)$/i.test(f)).sort()) imgs.push({ file: join(dir, c, f), label, img: decodeImage(readFileSync(join(dir, c, f)), join(dir, c, f)) });
  });
  const first = imgs[0];
  if (!first) throw new DataError('DATA_EMPTY', `${dir}: no .png/.jpg images in the class folders`, { file: dir });
  const { width: w, height: h } = first.img;
  for (const { file, img } of imgs) {
    if (img.width !== w || img.height !== h) throw new DataError('IMAGE_SIZE', `${file}: image is ${img.width}×${img.height}, expected ${w}×${h} like ${first.file}; resize all images to one size`, { file, expected: [w, h], actual: [img.width, img.height] });
  }
  // One channel when every image is gray; otherwise RGB, with gray images repeated across channels.
  const c = imgs.every(({ img }) => img.channels === 1) ? 1 : 3;
  const x = new Float32Array(imgs.length * c * h * w);
  imgs.forEach(({ img }, i) => {
    const k = img.channels;
    for (let ch = 0; ch < c; ch++) for (let p = 0; p < w * h; p++) x[(i * c + ch) * h * w + p] = img.data[p * k + Math.min(ch, k - 1)]! / 255;
  });
  return { x: { dtype: 'float32', shape: [imgs.length, c, h, w], data: x }, y: { dtype: 'int64', shape: [imgs.length], data: BigInt64Array.from(imgs, (m) => BigInt(m.label)) }, classes };
}
