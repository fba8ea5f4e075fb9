import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { parseOnnx } from '../../src/onnx/index.js';
import { decodeImage } from '../../src/io/index.js';
import { expectTypedOrValid, fuzzRun, mutatedBytes } from './fuzz-harness.js';

/** Property-based fuzzing of the ONNX protobuf importer and the PNG/JPEG decoder. */
const fixtures = join(import.meta.dirname, '..', 'fixtures');
const onnxSeeds = ['tab.onnx', 'cnn.onnx'].map((f) => new Uint8Array(readFileSync(join(fixtures, 'torch-reference', f))));
const pngSeeds = ['cifar10_00_3.png', 'cifar10_01_8.png'].map((f) => new Uint8Array(readFileSync(join(fixtures, 'data', 'images', f))));

/** A JPEG of the first CIFAR image, encoded here (jpeg-js) so the seed needs no binary fixture. */
function jpegSeed(): Uint8Array {
  const img = decodeImage(pngSeeds[0]!, 'seed.png');
  const rgba = new Uint8Array(img.width * img.height * 4);
  for (let i = 0; i < img.width * img.height; i++) {
    for (let c = 0; c < 3; c++) rgba[4 * i + c] = img.data[i * img.channels + Math.min(c, img.channels - 1)]!;
    rgba[4 * i + 3] = 255;
  }
  return new Uint8Array(jpeg.encode({ data: rgba, width: img.width, height: img.height }, 80).data);
}

describe('fuzz: ONNX and images', () => {
  it('ONNX: 1,000 mutated models import into a graph or give a typed error', () => {
    fc.assert(fc.property(mutatedBytes(onnxSeeds), (b) => { expectTypedOrValid(() => parseOnnx(b, 'fuzz.onnx'), (m) => {
      expect(m.graph.nodes.length).toBeGreaterThan(0);
    }); }), fuzzRun(18_011));
  });

  it('PNG/JPEG: 1,000 mutated images decode to a consistent pixel buffer or give a typed error', () => {
    fc.assert(fc.property(mutatedBytes([...pngSeeds, jpegSeed()]), (b) => { expectTypedOrValid(() => decodeImage(b, 'fuzz.img'), (img) => {
      expect([1, 3]).toContain(img.channels);
      expect(img.data.length).toBe(img.width * img.height * img.channels);
    }); }), fuzzRun(18_012));
  });
});
