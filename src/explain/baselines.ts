import { Rng, UsageError, type HostTensor } from '../core/index.js';
import { asF32, f32, rowsOf, type F32 } from './rows.js';

/**
 * A reference input: `'zero'`, a constant, a blurred copy of the input, uniform noise, or a
 * tensor (one row broadcast to every input row, or one row per input row).
 */
export type BaselineSpec =
  | 'zero'
  | number
  | HostTensor
  | { readonly kind: 'constant'; readonly value: number }
  | { readonly kind: 'blur'; readonly sigma: number }
  | { readonly kind: 'uniform'; readonly low: number; readonly high: number; readonly seed?: number };

/**
 * Builds the baseline rows for `x` (same shape as `x`).
 * @example `const b = resolveBaseline({ kind: 'blur', sigma: 2 }, images);`
 */
export function resolveBaseline(spec: BaselineSpec | undefined, x: F32): F32 {
  if (spec === undefined || spec === 'zero') return f32(x.shape);
  if (typeof spec === 'number') return f32(x.shape, new Float32Array(x.data.length).fill(spec));
  if ('data' in spec) return broadcastBaseline(spec, x);
  switch (spec.kind) {
    case 'constant':
      return f32(x.shape, new Float32Array(x.data.length).fill(spec.value));
    case 'uniform': {
      const rng = new Rng(spec.seed ?? 0);
      return f32(x.shape, Float32Array.from(x.data, () => spec.low + (spec.high - spec.low) * rng.uniform()));
    }
    case 'blur':
      return gaussianBlur(x, spec.sigma);
  }
}

/** Checks a user-supplied baseline against the input and repeats a single row. */
export function broadcastBaseline(b: HostTensor, x: F32): F32 {
  const base = asF32(b);
  const sameRow = base.shape.length === x.shape.length && base.shape.slice(1).every((d, i) => d === x.shape[i + 1]);
  const rows = rowsOf(base);
  if (!sameRow || (rows !== 1 && rows !== rowsOf(x))) {
    throw new UsageError('EXPLAIN_BASELINE_SHAPE', `baseline shape [${base.shape.join(', ')}] does not fit input shape [${x.shape.join(', ')}]; pass one row [1, ${x.shape.slice(1).join(', ')}] or one row per input row`, { expected: x.shape, actual: base.shape });
  }
  if (rows === rowsOf(x)) return base;
  const out = new Float32Array(x.data.length);
  for (let i = 0; i < rowsOf(x); i++) out.set(base.data, i * base.data.length);
  return f32(x.shape, out);
}

/** Separable Gaussian blur over the last two axes (the last axis for rank-2 inputs). */
export function gaussianBlur(x: F32, sigma: number): F32 {
  const dims = x.shape.length >= 3 ? 2 : 1;
  const w = x.shape[x.shape.length - 1] ?? 1;
  const h = dims === 2 ? (x.shape[x.shape.length - 2] ?? 1) : 1;
  const radius = Math.max(1, Math.ceil(3 * sigma));
  const k = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const out = new Float32Array(x.data);
  const tmp = new Float32Array(h * w);
  const planes = x.data.length / (h * w);
  const pass = (src: Float32Array, dst: Float32Array, off: number, horizontal: boolean): void => {
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; c++) {
        let s = 0;
        let z = 0;
        for (let t = -radius; t <= radius; t++) {
          const rr = horizontal ? r : r + t;
          const cc = horizontal ? c + t : c;
          if (rr < 0 || rr >= h || cc < 0 || cc >= w) continue;
          const kv = k[t + radius]!;
          s += kv * src[off + rr * w + cc]!;
          z += kv;
        }
        dst[r * w + c] = s / z;
      }
    }
  };
  for (let p = 0; p < planes; p++) {
    pass(x.data, tmp, p * h * w, true);
    if (dims === 2) pass(tmp, out.subarray(p * h * w), 0, false);
    else out.set(tmp, p * h * w);
  }
  return f32(x.shape, out);
}
