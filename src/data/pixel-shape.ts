/**
 * The image layout of feature columns that are pixels, and how to name one pixel in words: what
 * the checks (per-image summaries) and the pictures (heatmaps, thumbnails) share.
 * @module
 */

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
 * Where feature `j` (CHW order) sits in the image, in words: `row 5, col 18` (with the channel
 * when there are several).
 * @example `pixelPlace(158, { channels: 1, height: 28, width: 28 }) // 'row 5, col 18'`
 */
export function pixelPlace(j: number, shape: PixelShape): string {
  const plane = shape.height * shape.width;
  const p = j % plane;
  const at = `row ${Math.floor(p / shape.width)}, col ${p % shape.width}`;
  return shape.channels > 1 ? `${at}, channel ${Math.floor(j / plane)}` : at;
}

/**
 * The position (CHW order) of pixel column `x<j>`.
 * @example `pixelIndex('x158') // 158`
 */
export function pixelIndex(column: string): number {
  return Number(column.slice(1));
}

/** Pixels in words: `784 pixels` or `3 × 1,024 pixel values`. */
export function pixelCount(shape: PixelShape): string {
  const plane = shape.height * shape.width;
  return shape.channels > 1 ? `${shape.channels * plane} pixel values (${shape.channels} channels × ${plane} pixels)` : `${plane} pixels`;
}
