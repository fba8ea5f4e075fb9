/** Element types Keel's graphs and tensor files use (ONNX names in lower case). */
export type DType = 'float32' | 'float64' | 'int64' | 'int32' | 'uint8' | 'int8' | 'bool';

/** The typed array behind each {@link DType} (bool is stored one byte per element). */
export interface TypedArrayOf {
  float32: Float32Array;
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

/** A zero-filled typed array of `dtype` with `n` elements. */
export function allocate<D extends DType>(dtype: D, n: number): TypedArrayOf[D] {
  const make: { [K in DType]: (n: number) => TypedArrayOf[K] } = {
    float32: (k) => new Float32Array(k),
    float64: (k) => new Float64Array(k),
    int64: (k) => new BigInt64Array(k),
    int32: (k) => new Int32Array(k),
    uint8: (k) => new Uint8Array(k),
    int8: (k) => new Int8Array(k),
    bool: (k) => new Uint8Array(k),
  };
  return make[dtype](n);
}

/** Builds a tensor, filling it from `values` when given (numbers are converted for int64). */
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
    } else {
      for (let i = 0; i < n; i++) (data as Float64Array)[i] = Number(values[i]);
    }
  }
  return { dtype, shape: [...shape], data };
}

/** Reads element `i` of any tensor as a JavaScript number. */
export function numberAt(t: HostTensor, i: number): number {
  return Number(t.data[i] ?? 0);
}

/** Copies all elements into a plain number array. */
export function toNumbers(t: HostTensor): number[] {
  const out = new Array<number>(t.data.length);
  for (let i = 0; i < t.data.length; i++) out[i] = Number(t.data[i]);
  return out;
}

/** True for floating-point element types. */
export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
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
