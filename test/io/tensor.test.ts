import { describe, expect, it } from 'vitest';
import { expectTensor } from '../../src/io/expect-tensor.js';
import { DTYPES, makeTensor, tensorSize } from '../../src/io/tensor.js';
import { expectCode } from '../fixtures/io/io-test-helpers.js';

describe('tensorSize', () => {
  it('multiplies dimensions; a scalar has one element and an empty dimension none', () => {
    expect(tensorSize([2, 3, 4])).toBe(24);
    expect(tensorSize([])).toBe(1);
    expect(tensorSize([5, 0])).toBe(0);
  });
  it('rejects negative and fractional dimensions', () => {
    expectCode(() => tensorSize([2, -1]), 'TENSOR_SHAPE');
    expectCode(() => tensorSize([1.5]), 'TENSOR_SHAPE');
  });
});

describe('makeTensor', () => {
  it('zero-fills every dtype with the right array type', () => {
    for (const dtype of DTYPES) {
      const t = makeTensor(dtype, [2, 3]);
      expect(t.data.length).toBe(6);
      expect(t.dtype).toBe(dtype);
    }
    expect(makeTensor('int64', [1]).data).toBeInstanceOf(BigInt64Array);
    expect(makeTensor('bool', [1]).data).toBeInstanceOf(Uint8Array);
  });
  it('converts number arrays', () => {
    expect(makeTensor('int64', [3], [1, 2, 3]).data).toEqual(BigInt64Array.from([1n, 2n, 3n]));
    expect([...makeTensor('bool', [3], [0, 2, -1]).data]).toEqual([0, 1, 1]);
    expect(makeTensor('float32', [], [0.5]).data).toEqual(new Float32Array([0.5]));
  });
  it('throws TENSOR_SIZE with expected vs actual', () => {
    const e = expectCode(() => makeTensor('float32', [2, 2], new Float32Array(3)), 'TENSOR_SIZE');
    expect(e.details).toMatchObject({ expected: 4, actual: 3 });
    expect(e.message).toContain('[2, 2]');
  });
  it('throws TENSOR_DTYPE for a mismatched array type or a non-integer int64', () => {
    expectCode(() => makeTensor('float32', [2], new Float64Array(2) as unknown as Float32Array), 'TENSOR_DTYPE');
    expectCode(() => makeTensor('int64', [1], [0.5]), 'TENSOR_DTYPE');
  });
  it('copies the shape', () => {
    const shape = [2];
    const t = makeTensor('uint8', shape);
    shape[0] = 5;
    expect(t.shape).toEqual([2]);
  });
});

describe('expectTensor', () => {
  const t = makeTensor('float32', [10, 1, 8, 8]);
  it('accepts matching specs, with null as a wildcard', () => {
    expect(expectTensor(t, { dtype: 'float32', shape: [null, 1, 8, 8] }, 'x').data).toBe(t.data);
    expect(expectTensor(t, { dtype: ['float64', 'float32'], rank: 4 }, 'x')).toBe(t);
    expect(expectTensor(t, {}, 'x')).toBe(t);
  });
  it('throws TENSOR_DTYPE with expected vs actual', () => {
    const e = expectCode(() => expectTensor(t, { dtype: ['int64', 'int32'] }, 'labels in y.npy'), 'TENSOR_DTYPE');
    expect(e.message).toContain('labels in y.npy');
    expect(e.message).toContain('int64 or int32');
    expect(e.details).toMatchObject({ actual: 'float32', expected: ['int64', 'int32'] });
  });
  it('throws TENSOR_SHAPE for a wrong rank or dimension', () => {
    expectCode(() => expectTensor(t, { rank: 2 }, 'x'), 'TENSOR_SHAPE');
    const e = expectCode(() => expectTensor(t, { shape: [null, 3, 8, 8] }, 'x.npy'), 'TENSOR_SHAPE');
    expect(e.message).toContain('[?, 3, 8, 8]');
    expect(e.message).toContain('[10, 1, 8, 8]');
    expectCode(() => expectTensor(t, { shape: [10, 1, 8] }, 'x'), 'TENSOR_SHAPE');
  });
});
