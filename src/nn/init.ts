import { tensor, type HostTensor, type Rng } from '../core/index.js';

/** Weight initializers by name. `torch` is PyTorch's default for Linear/Conv (U(±1/√fan_in)). */
export type InitName = 'he' | 'glorot' | 'torch' | 'zeros' | 'orthogonal';

/**
 * A float32 weight of `shape`, fan-in taken as the product of all dims but the first.
 * @example `initWeight('he', [256, 784], rng)`
 */
export function initWeight(name: InitName, shape: readonly number[], rng: Rng): HostTensor<'float32'> {
  const n = shape.reduce((p, q) => p * q, 1);
  const receptive = shape.length > 2 ? n / ((shape[0] ?? 1) * (shape[1] ?? 1)) : 1;
  const fanOut = (shape[0] ?? 1) * receptive;
  const fanIn = shape.length > 1 ? (shape[1] ?? 1) * receptive : 1;
  const t = tensor('float32', shape);
  const d = t.data;
  switch (name) {
    case 'zeros':
      break;
    case 'he': {
      const std = Math.sqrt(2 / fanIn);
      for (let i = 0; i < n; i++) d[i] = rng.normal() * std;
      break;
    }
    case 'glorot': {
      const lim = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < n; i++) d[i] = (rng.uniform() * 2 - 1) * lim;
      break;
    }
    case 'torch': {
      const lim = 1 / Math.sqrt(fanIn);
      for (let i = 0; i < n; i++) d[i] = (rng.uniform() * 2 - 1) * lim;
      break;
    }
    case 'orthogonal':
      orthogonal(d, shape[0] ?? 1, n / (shape[0] ?? 1), rng);
      break;
  }
  return t;
}

/** Bias vectors: PyTorch's U(±1/√fan_in), or zeros. */
export function initBias(size: number, fanIn: number, rng: Rng, zeros = false): HostTensor<'float32'> {
  const t = tensor('float32', [size]);
  if (!zeros) for (let i = 0; i < size; i++) t.data[i] = (rng.uniform() * 2 - 1) / Math.sqrt(fanIn);
  return t;
}

/** Gram–Schmidt on a Gaussian matrix: rows (or columns, whichever are fewer) orthonormal. */
function orthogonal(d: Float32Array, rows: number, cols: number, rng: Rng): void {
  const tall = rows > cols;
  const [r, c] = tall ? [cols, rows] : [rows, cols];
  const m = Array.from({ length: r }, () => Float64Array.from({ length: c }, () => rng.normal()));
  for (let i = 0; i < r; i++) {
    const v = m[i]!;
    for (let j = 0; j < i; j++) {
      const u = m[j]!;
      let dot = 0;
      for (let k = 0; k < c; k++) dot += v[k]! * u[k]!;
      for (let k = 0; k < c; k++) v[k]! -= dot * u[k]!;
    }
    const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
    for (let k = 0; k < c; k++) v[k]! /= norm;
  }
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) d[i * cols + j] = tall ? m[j]![i]! : m[i]![j]!;
}
