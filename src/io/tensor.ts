/**
 * Host tensors: a dtype, a shape and a flat, C-ordered typed array. This is the exchange
 * format between files (npy, npz, idx), data sets and the runtime.
 */
import { DataError, toFloat16 } from '../core/index.js';

import type { DType, HostTensor, TensorData, TypedArrayOf } from '../core/index.js';

export type { DType, HostTensor, TensorData } from '../core/index.js';
/** The typed array that stores each dtype (the core map, under the name io has always used). */
export type TensorDataMap = TypedArrayOf;

/** All dtypes, in a stable order (useful for messages and table-driven tests). */
export const DTYPES: readonly DType[] = ['float32', 'float64', 'float16', 'int64', 'int32', 'uint8', 'int8', 'bool'];

const CONSTRUCTORS = {
  float32: Float32Array,
  float64: Float64Array,
  float16: Uint16Array,
  int64: BigInt64Array,
  int32: Int32Array,
  uint8: Uint8Array,
  int8: Int8Array,
  bool: Uint8Array,
} as const;

/**
 * Number of elements of a tensor with this shape: the product of its dimensions (1 for `[]`).
 * Throws DataError `TENSOR_SHAPE` if a dimension is not a non-negative integer.
 *
 * @example
 * ```ts
 * tensorSize([2, 3, 4]); // 24
 * tensorSize([]);        // 1 (a scalar)
 * ```
 */
export function tensorSize(shape: readonly number[]): number {
  let size = 1;
  for (const dim of shape) {
    if (!Number.isSafeInteger(dim) || dim < 0) {
      throw new DataError(
        'TENSOR_SHAPE',
        `Invalid tensor shape ${formatShape(shape)}: dimension ${String(dim)} is not a non-negative integer. ` +
          'Every dimension must be an integer >= 0.',
        { shape: [...shape] },
      );
    }
    size *= dim;
  }
  return size;
}

/** Formats a shape for messages: `[2, 3]`, `[]` for a scalar. */
export function formatShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
}

/** True when `data` is the storage array type that `dtype` uses. */
export function dataMatchesDtype(dtype: DType, data: TensorData): boolean {
  return data instanceof CONSTRUCTORS[dtype];
}

/**
 * Builds a tensor, checking that `data` has the right array type and exactly
 * `tensorSize(shape)` elements. Without `data` the tensor is zero-filled. A plain number
 * array is converted (to `bigint` for int64, to 0/1 for bool, to float16 bits for float16).
 * Throws DataError `TENSOR_SIZE` on a length mismatch and `TENSOR_DTYPE` on a wrong array type.
 *
 * @example
 * ```ts
 * const x = makeTensor('float32', [2, 2], new Float32Array([1, 2, 3, 4]));
 * const y = makeTensor('int64', [3], [0, 1, 2]);
 * const z = makeTensor('uint8', [28, 28]); // zeros
 * ```
 */
export function makeTensor<D extends DType>(
  dtype: D,
  shape: readonly number[],
  data?: TensorDataMap[D] | readonly number[],
): HostTensor<D> {
  const size = tensorSize(shape);
  const stored = (data === undefined ? allocate(dtype, size) : toData(dtype, data)) as TensorDataMap[D];
  if (stored.length !== size) {
    throw new DataError(
      'TENSOR_SIZE',
      `Tensor data has ${stored.length} elements but shape ${formatShape(shape)} needs ${size}. ` +
        'Pass data whose length is the product of the shape, or fix the shape.',
      { dtype, shape: [...shape], expected: size, actual: stored.length },
    );
  }
  return { dtype, shape: [...shape], data: stored };
}

function allocate(dtype: DType, size: number): TensorData {
  return new CONSTRUCTORS[dtype](size);
}

function toData(dtype: DType, data: TensorData | readonly number[]): TensorData {
  if (!Array.isArray(data)) {
    const typed = data as TensorData;
    if (!dataMatchesDtype(dtype, typed)) {
      throw new DataError(
        'TENSOR_DTYPE',
        `Tensor data is a ${typed.constructor.name} but dtype '${dtype}' needs a ${CONSTRUCTORS[dtype].name}. ` +
          'Convert the data or pass the matching dtype.',
        { dtype, expected: CONSTRUCTORS[dtype].name, actual: typed.constructor.name },
      );
    }
    return typed;
  }
  const values = data as readonly number[];
  switch (dtype) {
    case 'int64': {
      const bad = values.find((v) => !Number.isSafeInteger(v));
      if (bad !== undefined) {
        throw new DataError(
          'TENSOR_DTYPE',
          `Cannot store ${String(bad)} in an int64 tensor: it is not a safe integer. ` +
            'Round the values, or pass a BigInt64Array for values beyond 2^53.',
          { dtype, value: bad },
        );
      }
      return BigInt64Array.from(values, (v) => BigInt(v));
    }
    case 'bool':
      return Uint8Array.from(values, (v) => (v === 0 ? 0 : 1));
    case 'float32':
      return Float32Array.from(values);
    case 'float64':
      return Float64Array.from(values);
    case 'float16':
      return toFloat16(values);
    case 'int32':
      return Int32Array.from(values);
    case 'uint8':
      return Uint8Array.from(values);
    case 'int8':
      return Int8Array.from(values);
  }
}
