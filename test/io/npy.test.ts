import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ascii, expectCode, fixture, tempDir } from '../fixtures/io/io-test-helpers.js';
import { encodeNpy, parseNpy, readNpy, writeNpy } from '../../src/io/npy.js';
import { DTYPES, makeTensor, type HostTensor } from '../../src/io/tensor.js';

const SAMPLES: Record<string, readonly number[]> = {
  float32: [1.5, -2.25, 3e30, 0],
  float64: [Math.PI, -1e-300, 7, 0],
  float16: [1.5, -2.25, 65504, 0],
  int64: [-(2 ** 40), 7, 0, 1],
  int32: [-3, 0, 2 ** 31 - 1, -(2 ** 31)],
  uint8: [0, 128, 255, 1],
  int8: [-128, 0, 127, 5],
  bool: [1, 0, 1, 1],
};

/** An npy file with a hand-written header (version 1.0) and `dataBytes` zero bytes of data. */
function craft(header: string, dataBytes: number): Uint8Array {
  const text = header.padEnd(117, ' ') + '\n';
  const out = new Uint8Array(10 + text.length + dataBytes);
  out.set(ascii('\x93NUMPY\x01\x00'));
  new DataView(out.buffer).setUint16(8, text.length, true);
  out.set(ascii(text), 10);
  return out;
}

describe('npy round trips', () => {
  for (const dtype of DTYPES) {
    for (const shape of [[2, 2], [4], [], [0], [3, 0, 2]]) {
      it(`${dtype} ${JSON.stringify(shape)}`, () => {
        const n = shape.reduce((a, b) => a * b, 1);
        const t = makeTensor(dtype, shape, SAMPLES[dtype]?.slice(0, n) ?? []);
        const back = parseNpy(encodeNpy(t));
        expect(back).toEqual(t);
      });
    }
  }

  it('encodes a view on a larger buffer using only its own bytes', () => {
    const big = new Float32Array([9, 1, 2, 9]);
    const t = makeTensor('float32', [2], big.subarray(1, 3));
    expect([...parseNpy(encodeNpy(t)).data]).toEqual([1, 2]);
  });

  it('writes the same bytes as numpy.save', () => {
    for (const name of ['numpy-v1.npy', 'torch-cnn-x.npy', 'torch-cnn-y.npy', 'torch-tab-x.npy']) {
      const bytes = readFileSync(fixture(name));
      expect(encodeNpy(parseNpy(bytes, name)), name).toEqual(new Uint8Array(bytes));
    }
  });

  it('aligns the data to 64 bytes for every header length', () => {
    for (let rank = 0; rank < 40; rank++) {
      const bytes = encodeNpy(makeTensor('uint8', Array<number>(rank).fill(1)));
      expect((bytes.length - 1) % 64).toBe(0);
      expect(parseNpy(bytes).shape).toHaveLength(rank);
    }
  });

  it('writes atomically and reads back', () => {
    const dir = tempDir();
    const t = makeTensor('int64', [2, 2], [1, 2, 3, 4]);
    writeNpy(join(dir, 'a.npy'), t);
    writeNpy(join(dir, 'a.npy'), t); // overwrite
    expect(readNpy(join(dir, 'a.npy'))).toEqual(t);
    expect(readdirSync(dir)).toEqual(['a.npy']);
    expectCode(() => {
      writeNpy(join(dir, 'a.npy', 'b.npy'), t); // a.npy is a file, not a folder
    }, 'OUTPUT_NOT_FOLDER');
    expect(readdirSync(dir)).toEqual(['a.npy']);
    writeNpy(join(dir, 'missing-dir', 'b.npy'), t); // missing folders are created
    expect(readNpy(join(dir, 'missing-dir', 'b.npy'))).toEqual(t);
  });

  it('readNpy views a large file\'s payload in place (one pass over it) and copies a small one out of Node\'s shared pool', () => {
    const dir = tempDir();
    const big = makeTensor('float32', [300, 28], Array.from({ length: 8400 }, (_, i) => Math.sin(i)));
    writeNpy(join(dir, 'big.npy'), big);
    const read = readNpy(join(dir, 'big.npy'));
    expect(read).toEqual(big);
    expect(read.data.byteOffset).toBe(128); // the header: viewed, not copied
    expect(read.data.buffer.byteLength).toBe(128 + 4 * 8400);
    // The same bytes handed to parseNpy stay the caller's: it copies.
    const bytes = readFileSync(join(dir, 'big.npy'));
    const parsed = parseNpy(bytes);
    bytes.fill(0);
    expect(parsed).toEqual(big);
    const small = makeTensor('float32', [2, 2], [1, 2, 3, 4]);
    writeNpy(join(dir, 'small.npy'), small);
    const fromPool = readNpy(join(dir, 'small.npy'));
    expect(fromPool).toEqual(small);
    expect(fromPool.data.byteOffset).toBe(0);
    expect(fromPool.data.buffer.byteLength).toBe(16);
  });
});

describe('parsing real files', () => {
  it('reads the PyTorch reference tensors', () => {
    const x = readNpy(fixture('torch-cnn-x.npy'));
    expect(x.dtype).toBe('float32');
    expect(x.shape).toEqual([200, 1, 8, 8]);
    expect([...x.data.subarray(0, 3)]).toEqual([0, 0, 0.1875]);
    expect(Array.from(x.data as Float32Array).reduce((a, b) => a + b, 0)).toBeCloseTo(3943.3125, 3);
    const y = readNpy(fixture('torch-cnn-y.npy'));
    expect(y.dtype).toBe('int64');
    expect(y.shape).toEqual([200]);
    expect([...y.data.subarray(0, 5)]).toEqual([7n, 7n, 6n, 5n, 7n]);
    expect(readNpy(fixture('torch-tab-x.npy')).data[0]).toBeCloseTo(1.097064, 5);
  });

  it("widens cleanlab's uint16 labels to int32", () => {
    const labels = readNpy(fixture('cleanlab-mnist-test-labels.npy'));
    expect(labels.dtype).toBe('int32');
    expect(labels.shape).toEqual([10000]);
    expect([...labels.data.subarray(0, 10)]).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
    expect(Array.from(labels.data as Int32Array).reduce((a, b) => a + b, 0)).toBe(44434);
  });

  it('widens int16 to int32 and reads int8 as int8', () => {
    expect([...readNpy(fixture('numpy-int16.npy')).data]).toEqual([-32768, -1, 0, 32767]);
    expect(readNpy(fixture('numpy-int8.npy'))).toEqual(makeTensor('int8', [4], [-128, -1, 0, 127]));
  });

  it('reads format versions 1.0, 2.0 and 3.0', () => {
    const expected = makeTensor('float32', [2, 3], [0, 0.25, 0.5, 0.75, 1, 1.25]);
    for (const v of [1, 2, 3]) {
      const bytes = readFileSync(fixture(`numpy-v${v}.npy`));
      expect(bytes[6]).toBe(v);
      expect(parseNpy(bytes)).toEqual(expected);
    }
  });

  it('accepts headers with double quotes, extra spaces and Python 2 long integers', () => {
    const t = parseNpy(craft('{"descr":"<i4" , "shape":(2L, 1L), "fortran_order":False}', 8));
    expect(t.shape).toEqual([2, 1]);
  });
});

describe('npy errors', () => {
  it('NPY_MAGIC for a file that is not npy', () => {
    const e = expectCode(() => parseNpy(ascii('PK\x03\x04 not npy at all'), 'x.npz'), 'NPY_MAGIC');
    expect(e.message).toContain('x.npz');
    expectCode(() => parseNpy(new Uint8Array(0)), 'NPY_MAGIC');
  });

  it('NPY_TRUNCATED with expected vs actual bytes', () => {
    const bytes = readFileSync(fixture('torch-cnn-x.npy'));
    const e = expectCode(() => parseNpy(bytes.subarray(0, 1000), 'cnn_x.npy'), 'NPY_TRUNCATED');
    expect(e.details).toMatchObject({ expected: 51328, actual: 1000 });
    expect(e.message).toMatch(/51328.*1000/);
    expectCode(() => parseNpy(bytes.subarray(0, 60)), 'NPY_TRUNCATED'); // inside the header
  });

  it('NPY_DTYPE lists the supported dtypes', () => {
    const e = expectCode(() => parseNpy(craft("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", 8)), 'NPY_DTYPE');
    expect(e.message).toContain('<f4, <f8, <i8, <i4, |u1, |b1');
    const be = expectCode(() => readNpy(fixture('numpy-big-endian.npy')), 'NPY_DTYPE');
    expect(be.message).toContain("astype('<f4')");
    expectCode(() => parseNpy(craft("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", 4)), 'NPY_DTYPE');
  });

  it('NPY_FORTRAN suggests np.ascontiguousarray', () => {
    const e = expectCode(() => readNpy(fixture('numpy-fortran.npy')), 'NPY_FORTRAN');
    expect(e.message).toContain('np.ascontiguousarray');
  });

  it('NPY_HEADER for malformed headers, bad versions and trailing bytes', () => {
    const bad = [
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2,)",
      "{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }",
      "{'descr': '<f4', 'fortran_order': False, }",
      "{'descr': '<f4' 'fortran_order': False, 'shape': (2,), }",
      "['descr']",
      "{'descr': '<f4, 'fortran_order': False, 'shape': (2,), }",
    ];
    for (const header of bad) expectCode(() => parseNpy(craft(header, 8)), 'NPY_HEADER');
    const v9 = craft("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 8);
    v9[6] = 9;
    expectCode(() => parseNpy(v9), 'NPY_HEADER');
    const e = expectCode(() => parseNpy(craft("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 12)), 'NPY_HEADER');
    expect(e.details).toMatchObject({ expected: 8, actual: 12 });
  });

  it('FILE_NOT_FOUND names the path', () => {
    const e = expectCode(() => readNpy('/nonexistent/x.npy'), 'FILE_NOT_FOUND');
    expect(e.message).toContain('/nonexistent/x.npy');
  });

  it('refuses to encode an inconsistent tensor', () => {
    const t: HostTensor = { dtype: 'float32', shape: [3], data: new Float32Array(2) };
    expectCode(() => encodeNpy(t), 'TENSOR_SIZE');
    expectCode(() => encodeNpy({ dtype: 'int64', shape: [1], data: new Float64Array(1) }), 'TENSOR_DTYPE');
  });
});
