import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HostTensor } from '../../src/io/index.js';
import { encodeNpy, encodeNpz, parseIdx, parseNpy, parseNpz, tensorSize } from '../../src/io/index.js';
import { expectTypedOrValid, fuzzRun, mutatedBytes } from './fuzz-harness.js';

/** Property-based fuzzing of the tensor file readers: .npy, .npz and MNIST IDX. */
const io = join(import.meta.dirname, '..', 'fixtures', 'io');
const npySeeds = ['numpy-v1.npy', 'numpy-v2.npy', 'numpy-v3.npy', 'numpy-big-endian.npy', 'numpy-fortran.npy', 'numpy-int8.npy', 'numpy-int16.npy', 'torch-tab-x.npy'].map((f) => new Uint8Array(readFileSync(join(io, f))));
const npzSeeds = ['numpy-savez.npz', 'numpy-savez-compressed.npz'].map((f) => new Uint8Array(readFileSync(join(io, f))));

/** A parsed tensor must be self-consistent: its data holds exactly the elements its shape says. */
function consistent(t: HostTensor): void {
  expect(t.shape.every((d) => Number.isInteger(d) && d >= 0)).toBe(true);
  expect(t.data.length).toBe(tensorSize(t.shape));
}

/** Small IDX files: the first 60 labels and the first 3 images of MNIST's test set, counts rewritten. */
function idxSeeds(): Uint8Array[] {
  const mnist = join(import.meta.dirname, '..', '..', 'data', 'mnist');
  const labels = new Uint8Array(gunzipSync(readFileSync(join(mnist, 't10k-labels-idx1-ubyte.gz')))).slice(0, 8 + 60);
  new DataView(labels.buffer).setUint32(4, 60);
  const images = new Uint8Array(gunzipSync(readFileSync(join(mnist, 't10k-images-idx3-ubyte.gz')))).slice(0, 16 + 3 * 784);
  new DataView(images.buffer).setUint32(4, 3);
  return [labels, images];
}

describe('fuzz: tensor files', () => {
  it('.npy: 1,000 mutated files give a consistent tensor or a typed error', () => {
    fc.assert(fc.property(mutatedBytes(npySeeds), (b) => { expectTypedOrValid(() => parseNpy(b, 'fuzz.npy'), consistent); }), fuzzRun(18_001));
  });

  it('.npy: valid tensors of every shape round-trip exactly', () => {
    const tensor = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 }).chain((shape) =>
      fc.float32Array({ minLength: tensorSize(shape), maxLength: tensorSize(shape), noDefaultInfinity: false }).map((data) => ({ dtype: 'float32' as const, shape, data })));
    fc.assert(fc.property(tensor, (t) => {
      const back = parseNpy(encodeNpy(t));
      expect(back.shape).toEqual(t.shape);
      expect(Array.from(back.data as Float32Array)).toEqual(Array.from(t.data));
    }), fuzzRun(18_002));
  });

  it('.npz: 1,000 mutated archives (stored and deflated) give consistent tensors or a typed error', () => {
    const encoded = encodeNpz(new Map([['a', parseNpy(npySeeds[0]!)], ['b', parseNpy(npySeeds[5]!)]]), { compress: true });
    fc.assert(fc.property(mutatedBytes([...npzSeeds, encoded]), (b) => { expectTypedOrValid(() => parseNpz(b, 'fuzz.npz'), (m) => {
      for (const t of m.values()) consistent(t);
    }); }), fuzzRun(18_003));
  });

  it('IDX: 1,000 mutated files give a consistent tensor or a typed error', () => {
    fc.assert(fc.property(mutatedBytes(idxSeeds()), (b) => { expectTypedOrValid(() => parseIdx(b, 'fuzz-idx'), consistent); }), fuzzRun(18_004));
  });
});
