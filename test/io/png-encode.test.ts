import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeImage, encodePng, readIdx } from '../../src/io/index.js';

const ROOT = join(import.meta.dirname, '../..');

describe('encodePng', () => {
  it('round-trips a bundled MNIST digit (gray) and a CIFAR-10 image (RGB) through the decoder bit for bit', () => {
    const images = readIdx(join(ROOT, 'data/mnist/t10k-images-idx3-ubyte.gz'));
    const digit = Uint8Array.from((images.data as Uint8Array).subarray(0, 784));
    const png = encodePng({ width: 28, height: 28, channels: 1, data: digit });
    expect([...png.subarray(1, 4)].map((b) => String.fromCharCode(b)).join('')).toBe('PNG');
    const back = decodeImage(png, 'digit.png');
    expect([back.width, back.height, back.channels]).toEqual([28, 28, 1]);
    expect(Buffer.from(back.data).equals(Buffer.from(digit))).toBe(true);
    expect(digit.some((v) => v > 200)).toBe(true); // a real digit has ink

    const cifar = decodeImage(readFileSync(join(ROOT, 'test/fixtures/data/images/cifar10_00_3.png')), 'cifar.png');
    expect(cifar.channels).toBe(3);
    const again = decodeImage(encodePng(cifar), 'again.png');
    expect([again.width, again.height, again.channels]).toEqual([32, 32, 3]);
    expect(Buffer.from(again.data).equals(Buffer.from(cifar.data))).toBe(true);
  });
});
