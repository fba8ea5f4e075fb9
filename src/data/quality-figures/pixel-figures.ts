import { encodePng } from '../../io/index.js';
import type { GalleryItem, HeatmapChart } from '../../figure/index.js';
import { pixelPlane, type PixelShape } from '../pixel-shape.js';

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
