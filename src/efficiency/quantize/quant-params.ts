import type { HostTensor } from '../../core/index.js';

/** Scale and zero point of an affine quantization: real = scale · (q − zeroPoint). */
export interface AffineParams {
  readonly scale: number;
  readonly zeroPoint: number;
}

/**
 * uint8 parameters covering [min, max] (always including 0, so that zero and ReLU's floor are exact).
 * @example `activationParams(0, 6) // { scale: 6/255, zeroPoint: 0 }`
 */
export function activationParams(min: number, max: number): AffineParams {
  const lo = Math.min(min, 0);
  const hi = Math.max(max, 0);
  const scale = hi - lo > 0 ? (hi - lo) / 255 : 1;
  const zeroPoint = Math.min(255, Math.max(0, Math.round(-lo / scale)));
  return { scale, zeroPoint };
}

/** Symmetric per-channel int8 weights: the quantized tensor and one scale per channel. */
export interface ChannelQuantized {
  readonly q: HostTensor<'int8'>;
  readonly scales: Float32Array;
}

/**
 * Quantizes a float32 weight symmetrically per channel along `axis` (zero point 0). With
 * `reduceRange` values use 7 bits (±63), which keeps x86 AVX2 int8 kernels (u8·s8 pairs summed in
 * int16) from saturating.
 *
 * @example `const { q, scales } = quantizeWeight(w, 0, true);`
 */
export function quantizeWeight(w: HostTensor, axis: number, reduceRange: boolean): ChannelQuantized {
  const data = w.data as Float32Array;
  const channels = w.shape[axis] ?? 1;
  const inner = w.shape.slice(axis + 1).reduce((p, d) => p * d, 1);
  const qmax = reduceRange ? 63 : 127;
  const maxAbs = new Float32Array(channels);
  const channelOf = (i: number): number => Math.floor(i / inner) % channels;
  for (let i = 0; i < data.length; i++) {
    const c = channelOf(i);
    maxAbs[c] = Math.max(maxAbs[c]!, Math.abs(data[i]!));
  }
  const scales = Float32Array.from(maxAbs, (m) => (m > 0 ? m / qmax : 1));
  const q = new Int8Array(data.length);
  for (let i = 0; i < data.length; i++) q[i] = Math.max(-qmax, Math.min(qmax, Math.round(data[i]! / scales[channelOf(i)]!)));
  return { q: { dtype: 'int8', shape: w.shape, data: q }, scales };
}

/**
 * Bias as int32 in the accumulator's scale (input scale × each channel's weight scale), as
 * QLinearConv/QGemm expect it.
 */
export function quantizeBias(bias: HostTensor, inputScale: number, weightScales: Float32Array): { q: HostTensor<'int32'>; scales: Float32Array } {
  const data = bias.data as Float32Array;
  const scales = Float32Array.from(data, (_, i) => inputScale * (weightScales[weightScales.length === 1 ? 0 : i] ?? 1));
  const q = Int32Array.from(data, (v, i) => Math.round(v / scales[i]!));
  return { q: { dtype: 'int32', shape: bias.shape, data: q }, scales };
}
