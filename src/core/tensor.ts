import { floatToHalf, halfToFloat } from './float16.js';

/** Element types Keel's graphs and tensor files use (ONNX names in lower case). */
export type DType = 'float32' | 'float64' | 'float16' | 'int64' | 'int32' | 'uint8' | 'int8' | 'bool';

/**
 * The typed array behind each {@link DType} (bool is stored one byte per element; float16 as its
 * 16 bits, see `toFloat16`/`fromFloat16`, since Node 20 has no Float16Array).
 */
export interface TypedArrayOf {
  float32: Float32Array;
  float16: Uint16Array;
  float64: Float64Array;
  int64: BigInt64Array;
  int32: Int32Array;
  uint8: Uint8Array;
  int8: Int8Array;
  bool: Uint8Array;
}

export type TensorData = TypedArrayOf[DType];

/**
 * A dense, C-ordered tensor in host memory.
 * @example `const t: HostTensor = { dtype: 'float32', shape: [2, 2], data: new Float32Array(4) };`
 */
export interface HostTensor<D extends DType = DType> {
  readonly dtype: D;
  readonly shape: readonly number[];
  readonly data: TypedArrayOf[D];
}

/** Number of elements of a static shape (1 for a scalar). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * Flat row-major positions, in a tensor of shape `dims`, of the box of sizes `box` whose first
 * element sits at `start`, listed in the box's own row-major order.
 * @example `boxIndices([0, 1], [2, 2], [3, 3])` → `[1, 2, 4, 5]`
 */
export function boxIndices(start: readonly number[], box: readonly number[], dims: readonly number[]): Int32Array {
  const out = new Int32Array(sizeOf(box));
  const off = new Array<number>(dims.length).fill(0);
  for (let t = 0; t < out.length; t++) {
    let flat = 0;
    for (let a = 0; a < dims.length; a++) flat = flat * dims[a]! + start[a]! + off[a]!;
    out[t] = flat;
    for (let a = dims.length - 1; a >= 0 && ++off[a]! >= box[a]!; a--) off[a] = 0;
  }
  return out;
}

/** A zero-filled typed array of `dtype` with `n` elements. */
export function allocate<D extends DType>(dtype: D, n: number): TypedArrayOf[D] {
  const make: { [K in DType]: (n: number) => TypedArrayOf[K] } = {
    float32: (k) => new Float32Array(k),
    float64: (k) => new Float64Array(k),
    float16: (k) => new Uint16Array(k),
    int64: (k) => new BigInt64Array(k),
    int32: (k) => new Int32Array(k),
    uint8: (k) => new Uint8Array(k),
    int8: (k) => new Int8Array(k),
    bool: (k) => new Uint8Array(k),
  };
  return make[dtype](n);
}

/**
 * Builds a tensor, filling it from `values` when given (numbers are converted for int64, and to
 * float16 bits for float16 unless `values` is already a Uint16Array of bits).
 */
export function tensor<D extends DType>(
  dtype: D,
  shape: readonly number[],
  values?: ArrayLike<number> | TypedArrayOf[D],
): HostTensor<D> {
  const n = sizeOf(shape);
  const data = allocate(dtype, n);
  if (values !== undefined) {
    if (values.length !== n) {
      throw new RangeError(`tensor(): ${values.length} values for shape [${shape.join(',')}] (${n} elements)`);
    }
    if (data instanceof BigInt64Array) {
      for (let i = 0; i < n; i++) data[i] = toInt64(values[i] as number | bigint);
    } else if (dtype === 'float16' && !(values instanceof Uint16Array)) {
      for (let i = 0; i < n; i++) (data as Uint16Array)[i] = floatToHalf(Number(values[i]));
    } else {
      for (let i = 0; i < n; i++) (data as Float64Array)[i] = Number(values[i]);
    }
  }
  return { dtype, shape: [...shape], data };
}

/** Reads element `i` of any tensor as a JavaScript number. */
export function numberAt(t: HostTensor, i: number): number {
  const v = Number(t.data[i] ?? 0);
  return t.dtype === 'float16' ? halfToFloat(v) : v;
}

/** Copies all elements into a plain number array. */
export function toNumbers(t: HostTensor): number[] {
  const out = new Array<number>(t.data.length);
  for (let i = 0; i < t.data.length; i++) out[i] = Number(t.data[i]);
  if (t.dtype === 'float16') for (let i = 0; i < out.length; i++) out[i] = halfToFloat(out[i]!);
  return out;
}

/**
 * Any numeric tensor as float32 (the tensor itself when it is float32): int64 through `Number`,
 * float16 decoded, integers and bool as their values.
 * @example `toFloat32(readNpy('x.npy')) // int64 ids or float64 features → float32`
 */
export function toFloat32(t: HostTensor): HostTensor<'float32'> {
  if (t.dtype === 'float32') return t as HostTensor<'float32'>;
  const out = new Float32Array(t.data.length);
  if (t.dtype === 'float16') out.set(toNumbers(t));
  else for (let i = 0; i < out.length; i++) out[i] = Number(t.data[i]);
  return { dtype: 'float32', shape: [...t.shape], data: out };
}

/** True for floating-point element types. */
export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64' || dtype === 'float16';
}

const I64_MAX = 9223372036854775807n;
const I64_MIN = -9223372036854775808n;

/** Converts to int64, saturating at the int64 range (2^63 − 1 is not a double, so INT64_MAX arrives rounded up). */
export function toInt64(v: number | bigint): bigint {
  if (typeof v === 'bigint') return v;
  if (v >= 9223372036854775807) return I64_MAX;
  if (v <= -9223372036854775808) return I64_MIN;
  return BigInt(Math.trunc(v));
}
