import { DataError } from '../core/index.js';
import { formatShape, type DType, type HostTensor } from './tensor.js';

/** What a tensor must look like. `null` in `shape` matches any size in that dimension. */
export interface TensorSpec<D extends DType = DType> {
  dtype?: D | readonly D[];
  rank?: number;
  shape?: readonly (number | null)[];
}

/**
 * Checks a tensor loaded from a file against what the caller needs, and returns it typed by
 * the expected dtype. `what` names the tensor (and ideally its file) in the message.
 * Throws DataError `TENSOR_DTYPE` or `TENSOR_SHAPE`, with expected vs. actual in `details`.
 *
 * @example
 * ```ts
 * const x = expectTensor(readNpy('x.npy'), { dtype: 'float32', shape: [null, 1, 28, 28] }, 'x.npy');
 * const y = expectTensor(readNpy('y.npy'), { dtype: ['int64', 'int32'], rank: 1 }, 'labels in y.npy');
 * ```
 */
export function expectTensor<D extends DType = DType>(
  t: HostTensor,
  spec: TensorSpec<D>,
  what: string,
): HostTensor<D> {
  if (spec.dtype !== undefined) {
    const allowed: readonly DType[] = typeof spec.dtype === 'string' ? [spec.dtype] : spec.dtype;
    if (!allowed.includes(t.dtype)) {
      const expected = allowed.join(' or ');
      throw new DataError(
        'TENSOR_DTYPE',
        `${what}: expected dtype ${expected} but got ${t.dtype}. ` +
          `Convert it before saving (for example numpy's arr.astype(...)) to ${expected}.`,
        { what, expected: [...allowed], actual: t.dtype },
      );
    }
  }
  const rank = spec.shape?.length ?? spec.rank;
  if (rank !== undefined && t.shape.length !== rank) {
    throw shapeError(what, t, `rank ${rank}${spec.shape ? ` ${formatShape(spec.shape)}` : ''}`);
  }
  if (spec.shape !== undefined) {
    const mismatch = spec.shape.some((dim, i) => dim !== null && t.shape[i] !== dim);
    if (mismatch) throw shapeError(what, t, `shape ${formatShape(spec.shape)}`);
  }
  return t as HostTensor<D>;
}

function shapeError(what: string, t: HostTensor, expected: string): DataError {
  return new DataError(
    'TENSOR_SHAPE',
    `${what}: expected ${expected} but got shape ${formatShape(t.shape)} (rank ${t.shape.length}). ` +
      'Reshape the array before saving it, or pass the matching file.',
    { what, expected, actual: [...t.shape] },
  );
}
