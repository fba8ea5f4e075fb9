import { describe, expect, it } from 'vitest';
import { floatToHalf, fromFloat16, halfToFloat, toFloat16 } from './float16.js';
import { isFloat, numberAt, tensor, toNumbers } from './tensor.js';

// numpy: np.array(values, np.float32).astype(np.float16).view(np.uint16)
const VALUES = [0, 1, -2, 0.5, 65504, 65520, 65519, 1e-8, 6e-8, 3e-8, 2.98023224e-8, 5.96e-8, 1 / 3, 0.1, 1e5, -1e-5, 1.0009765625, 1.00048828125, 1.00146484375, Infinity, 6.1e-5, 6.0975552e-5];
const NUMPY_BITS = [0, 15360, 49152, 14336, 31743, 31744, 31743, 0, 1, 1, 0, 1, 13653, 11878, 31744, 32936, 15361, 15360, 15362, 31744, 1023, 1023];

describe('float16 bits', () => {
  it('rounds like numpy (nearest, ties to even, subnormals, overflow to Infinity)', () => {
    expect(VALUES.map(floatToHalf)).toEqual(NUMPY_BITS);
    expect(Number.isNaN(halfToFloat(floatToHalf(NaN)))).toBe(true);
    expect(floatToHalf(-0)).toBe(0x8000);
  });

  it('decodes every finite half exactly and re-encodes it to the same bits', () => {
    const bad: number[] = [];
    for (let h = 0; h < 65536; h++) if (((h >>> 10) & 0x1f) !== 0x1f && floatToHalf(halfToFloat(h)) !== h) bad.push(h);
    expect(bad).toEqual([]);
    expect(halfToFloat(0x3555)).toBeCloseTo(1 / 3, 3);
    expect(halfToFloat(1)).toBe(2 ** -24);
    expect([...fromFloat16(toFloat16([0.1, -7.5]))]).toEqual([halfToFloat(11878), -7.5]);
  });

  it('tensor(), numberAt() and toNumbers() speak float16 values, and it is a float type', () => {
    const t = tensor('float16', [3], [1, 0.5, -2]);
    expect([...t.data]).toEqual([15360, 14336, 49152]);
    expect(numberAt(t, 1)).toBe(0.5);
    expect(toNumbers(t)).toEqual([1, 0.5, -2]);
    expect([...tensor('float16', [1], new Uint16Array([15360])).data]).toEqual([15360]);
    expect(isFloat('float16')).toBe(true);
  });
});
