import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { dataFile, expectCode } from '../fixtures/io/io-test-helpers.js';
import { parseIdx, readIdx } from '../../src/io/idx.js';

/** An IDX file: header for `shape` with type `code`, then `body`. */
function idx(code: number, shape: readonly number[], body: readonly number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * shape.length + body.length);
  const view = new DataView(out.buffer);
  out.set([0, 0, code, shape.length]);
  shape.forEach((d, i) => {
    view.setUint32(4 + 4 * i, d, false);
  });
  out.set(body, 4 + 4 * shape.length);
  return out;
}

describe('readIdx on the bundled MNIST test set', () => {
  it('reads the images as uint8 [10000, 28, 28]', () => {
    const images = readIdx(dataFile('mnist/t10k-images-idx3-ubyte.gz'));
    expect(images.dtype).toBe('uint8');
    expect(images.shape).toEqual([10000, 28, 28]);
    expect([...images.data.subarray(14 * 28 + 16, 14 * 28 + 20)]).toEqual([59, 249, 254, 62]);
    expect(Array.from(images.data as Uint8Array).reduce((a, b) => a + b, 0)).toBe(264923200);
  });

  it('reads the labels as uint8 [10000] with values 0..9', () => {
    const labels = readIdx(dataFile('mnist/t10k-labels-idx1-ubyte.gz'));
    expect(labels.dtype).toBe('uint8');
    expect(labels.shape).toEqual([10000]);
    const counts = new Array<number>(10).fill(0);
    for (const y of labels.data as Uint8Array) counts[y] = (counts[y] ?? 0) + 1;
    expect(counts).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    expect([...labels.data.subarray(0, 10)]).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
  });
});

describe('parseIdx', () => {
  it('reads uncompressed and gzipped files alike', () => {
    const raw = idx(0x08, [2, 3], [1, 2, 3, 4, 5, 6]);
    const expected = { dtype: 'uint8', shape: [2, 3], data: new Uint8Array([1, 2, 3, 4, 5, 6]) };
    expect(parseIdx(raw)).toEqual(expected);
    expect(parseIdx(gzipSync(raw))).toEqual(expected);
  });

  it('decodes big-endian wider types', () => {
    expect([...parseIdx(idx(0x09, [2], [0xff, 0x7f])).data]).toEqual([-1, 127]);
    expect([...parseIdx(idx(0x0b, [1], [0xff, 0xfe])).data]).toEqual([-2]);
    expect([...parseIdx(idx(0x0c, [1], [0, 1, 0, 0])).data]).toEqual([65536]);
    expect(parseIdx(idx(0x0d, [1], [0x3f, 0xc0, 0, 0]))).toMatchObject({ dtype: 'float32', data: new Float32Array([1.5]) });
    expect(parseIdx(idx(0x0e, [1], [0x40, 0, 0, 0, 0, 0, 0, 0])).data).toEqual(new Float64Array([2]));
    expect(parseIdx(idx(0x08, [], [7])).shape).toEqual([]);
  });

  it('IDX_MAGIC for a file that is not IDX', () => {
    const e = expectCode(() => parseIdx(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), 'x.png'), 'IDX_MAGIC');
    expect(e.message).toContain('x.png');
    expect(e.message).toContain('0x89 0x50 0x4e 0x47');
    expectCode(() => parseIdx(idx(0x07, [1], [0])), 'IDX_MAGIC'); // unknown type code
    expectCode(() => parseIdx(new Uint8Array(0)), 'IDX_MAGIC');
  });

  it('IDX_TRUNCATED with expected vs actual bytes', () => {
    const e = expectCode(() => parseIdx(idx(0x08, [10, 28, 28], [1, 2, 3]), 'imgs'), 'IDX_TRUNCATED');
    expect(e.details).toMatchObject({ expected: 16 + 7840, actual: 19 });
    expectCode(() => parseIdx(idx(0x08, [10, 28, 28], []).subarray(0, 10)), 'IDX_TRUNCATED'); // header cut
    const gz = gzipSync(idx(0x08, [100], Array<number>(100).fill(3)));
    expectCode(() => parseIdx(gz.subarray(0, gz.length - 10)), 'IDX_TRUNCATED'); // gzip stream cut
  });

  it('IDX_GZIP for a corrupt gzip stream', () => {
    const gz = new Uint8Array(gzipSync(idx(0x08, [100], Array<number>(100).fill(3))));
    gz.fill(0xff, 10, 20);
    expectCode(() => parseIdx(gz), 'IDX_GZIP');
  });
});
