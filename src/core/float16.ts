/**
 * IEEE 754 half precision (binary16) stored as its 16 bits in a Uint16Array, the way ONNX and
 * onnxruntime-node exchange float16 while Node has no Float16Array.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
let table: Float32Array | undefined;

/**
 * The float16 bits nearest to `v` (round to nearest, ties to even; overflow gives ±Infinity,
 * NaN stays NaN), as numpy's `astype(np.float16)` does.
 *
 * @example `floatToHalf(1) // 0x3c00`
 */
export function floatToHalf(v: number): number {
  f32[0] = v;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 112; // rebias 127 → 15
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    const m = mant | 0x800000;
    const shift = 14 - e;
    const rem = m & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    let h = m >>> shift;
    if (rem > mid || (rem === mid && h & 1)) h++;
    return sign | h;
  }
  let h = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && h & 1)) h++; // a carry into the exponent is still correct (up to Infinity)
  return sign | h;
}

/**
 * The value of float16 bits `h`.
 * @example `halfToFloat(0x3c00) // 1`
 */
export function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >>> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 0x1f) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

/**
 * Converts floats to float16 bits.
 * @example `toFloat16(new Float32Array([0.5])) // Uint16Array [0x3800]`
 */
export function toFloat16(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = floatToHalf(values[i]!);
  return out;
}

/**
 * Converts float16 bits to float32 (exact: every float16 is a float32).
 * @example `fromFloat16(new Uint16Array([0x3800])) // Float32Array [0.5]`
 */
export function fromFloat16(bits: Uint16Array): Float32Array {
  if (!table) {
    table = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) table[h] = halfToFloat(h);
  }
  const t = table;
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = t[bits[i]!]!;
  return out;
}
