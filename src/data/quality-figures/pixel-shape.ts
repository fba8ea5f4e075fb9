import { encodePng } from '../../io/index.js';
import type { GalleryItem, HeatmapChart } from '../../figure/index.js';

/** Layout of pixel columns: channel planes of `height` × `width` (channels, height, width — the models' NCHW order). */
export interface PixelShape {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
}

/**
 * The image shape of feature columns when they are pixels: a model's row shape `[C, H, W]` or
 * `[H, W]`, or — for arrays read as tables (columns `x0`, `x1`, …) — a square of at least 8 × 8
 * gray (d = s²) or RGB (d = 3s²) pixels. Undefined otherwise.
 * @example `pixelShape(Array.from({ length: 784 }, (_, j) => `x${j}`)) // { channels: 1, height: 28, width: 28 }`
 */
export function pixelShape(features: readonly string[], rowShape?: readonly number[]): PixelShape | undefined {
  const d = features.length;
  if (rowShape !== undefined && rowShape.reduce((a, b) => a * b, 1) === d) {
    if (rowShape.length === 3) return { channels: rowShape[0]!, height: rowShape[1]!, width: rowShape[2]! };
    if (rowShape.length === 2) return { channels: 1, height: rowShape[0]!, width: rowShape[1]! };
  }
  if (!features.every((f, j) => f === `x${j}`)) return undefined;
  for (const channels of [1, 3]) {
    const s = Math.round(Math.sqrt(d / channels));
    if (s >= 8 && channels * s * s === d) return { channels, height: s, width: s };
  }
  return undefined;
}

/** Per-pixel values (channels combined by `combine`) as a row-major height × width list. */
export function pixelPlane(values: readonly number[], shape: PixelShape, combine: (a: number, b: number) => number = Math.max): number[] {
  const n = shape.height * shape.width;
  return Array.from({ length: n }, (_, p) => {
    let v = values[p] ?? Number.NaN;
    for (let c = 1; c < shape.channels; c++) v = combine(v, values[c * n + p] ?? Number.NaN);
    return v;
  });
}

/**
 * One example's pixels (in CHW order) as a PNG thumbnail: values mapped from [lo, hi] to 0–255,
 * drawn `zoom` times larger.
 * @example `thumbnail(cells.map(Number), { channels: 1, height: 28, width: 28 }, [0, 255], 'row 7')`
 */
export function thumbnail(pixels: ArrayLike<number>, shape: PixelShape, range: readonly [number, number], alt: string, zoom = 3): NonNullable<GalleryItem['image']> {
  const { channels, height, width } = shape;
  const n = height * width;
  const rgb = channels === 3;
  const data = new Uint8Array(n * (rgb ? 3 : 1));
  const span = range[1] - range[0] || 1;
  for (let p = 0; p < n; p++) {
    for (let c = 0; c < (rgb ? 3 : 1); c++) {
      const v = ((pixels[c * n + p] ?? Number.NaN) - range[0]) / span;
      data[rgb ? 3 * p + c : p] = Number.isFinite(v) ? Math.round(255 * Math.max(0, Math.min(1, v))) : 0;
    }
  }
  const png = encodePng({ width, height, channels: rgb ? 3 : 1, data });
  return { src: `data:image/png;base64,${Buffer.from(png).toString('base64')}`, width: width * zoom, height: height * zoom, alt };
}

/**
 * Per-feature values as an image-shaped heatmap (channels combined by their largest value), rows
 * and columns numbered every 5 pixels, with a colour bar titled `colourLabel`.
 * @example `pixelMap({ id: 'd', title: 'Drift', alt: '…', colourLabel: 'KS D' }, stats, shape)`
 */
export function pixelMap(text: { readonly id: string; readonly title: string; readonly alt: string; readonly colourLabel: string }, values: readonly number[], shape: PixelShape): HeatmapChart {
  return { kind: 'heatmap', ...text, rows: shape.height, cols: shape.width, values: pixelPlane(values, shape), tickEvery: 5, rowTitle: 'pixel row', colTitle: 'pixel column' };
}
