import { DataError, UsageError, type HostTensor } from '../core/index.js';
import { listImageFolder, loadImageFolder, majorityShape, scanImageFolder } from './image-folder.js';
import { imageLayout, scanArray, type ImageScan } from './image-scan.js';
import { open } from './open.js';
import type { PixelShape } from './pixel-shape.js';

/** Where array / image data comes from: an image folder, `.npy`, `.npz` (arrays `x`, `y`) or IDX. */
export interface TensorDatasetInput {
  readonly data: string;
  /** Integer labels for `.npy` / IDX data (`.npy` or IDX file); `.npz` uses its `y`, folders their sub-folders. */
  readonly labels?: string | undefined;
}

/** An array or image dataset as the checks see it. */
export interface TensorDataset {
  readonly name: string;
  readonly kind: 'images' | 'npy' | 'npz' | 'idx';
  readonly rows: number;
  readonly classes: readonly string[];
  /** Class codes 0..k-1 (-1 = unlabelled). */
  readonly labels: Int32Array;
  readonly scan: ImageScan;
  /** Float32 [n, d] features for cross-validation (pixels in [0, 1]; other floats standardized). */
  features(): Promise<HostTensor>;
  /**
   * The pixels of the chosen rows, float32 [rows, C·H·W] in CHW order with their layout: array
   * values as stored, image-folder pixels in [0, 1] resized to `shape` ([H, W, C]; default the
   * folder's most common shape, at most 32 px a side). Undefined when rows are not images.
   */
  pixels(rows: readonly number[], shape?: readonly [number, number, number]): Promise<Pixels | undefined>;
}

/** Pixels of some rows of a {@link TensorDataset} (see `pixels`). */
export interface Pixels {
  readonly x: HostTensor<'float32'>;
  readonly shape: PixelShape;
  /** The dataset row of each row of `x` (unreadable images are left out). */
  readonly rows: readonly number[];
}

/** Side of image-folder pixels in the per-pixel statistics and the cross-validation features. */
const MAX_SIDE = 32;

/** Rows of an image array as float32 CHW pixels (channels-last rows transposed). */
function arrayPixels(x: HostTensor, rows: readonly number[]): Pixels | undefined {
  const layout = imageLayout(x.shape);
  if (layout === undefined) return undefined;
  const { h, w, c, chw } = layout;
  const d = h * w * c;
  const out = new Float32Array(rows.length * d);
  rows.forEach((r, i) => {
    for (let k = 0; k < c; k++) for (let p = 0; p < h * w; p++) out[i * d + k * h * w + p] = Number(x.data[r * d + (chw ? k * h * w + p : p * c + k)]);
  });
  return { x: { dtype: 'float32', shape: [rows.length, d], data: out }, shape: { channels: c, height: h, width: w }, rows };
}

function codeLabels(y: HostTensor, rows: number, file: string): { labels: Int32Array; classes: string[] } {
  if (y.dtype === 'float32' || y.dtype === 'float64' || y.dtype === 'bool' || y.shape.length !== 1 || y.shape[0] !== rows) {
    throw new DataError(
      'LABELS_SHAPE',
      `${file}: labels must be a 1-D integer array with one entry per row (${rows}), got ${y.dtype} [${y.shape.join(', ')}].`,
      { file, expected: rows, actual: y.shape, dtype: y.dtype },
    );
  }
  const values = [...new Set(Array.from(y.data as ArrayLike<number | bigint>, Number))].sort((a, b) => a - b);
  const index = new Map(values.map((v, i) => [v, i]));
  const labels = Int32Array.from(y.data as ArrayLike<number | bigint>, (v) => index.get(Number(v))!);
  return { labels, classes: values.map(String) };
}

function arrayFeatures(x: HostTensor): HostTensor {
  const n = x.shape[0] ?? 0;
  const d = n === 0 ? 0 : x.data.length / n;
  const out = new Float32Array(n * d);
  if (x.dtype === 'uint8') {
    for (let i = 0; i < out.length; i++) out[i] = Number(x.data[i]) / 255;
    return { dtype: 'float32', shape: [n, d], data: out };
  }
  const src = Float64Array.from(x.data as ArrayLike<number | bigint>, Number);
  for (let j = 0; j < d; j++) {
    let s = 0;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const v = src[i * d + j]!;
      s += v;
      ss += v * v;
    }
    const mean = s / Math.max(1, n);
    const std = Math.sqrt(Math.max(0, ss / Math.max(1, n) - mean * mean));
    for (let i = 0; i < n; i++) {
      const v = (src[i * d + j]! - mean) / (std > 1e-12 ? std : 1);
      out[i * d + j] = Number.isFinite(v) ? v : 0;
    }
  }
  return { dtype: 'float32', shape: [n, d], data: out };
}

/**
 * Opens an image folder (one sub-folder per class, PNG/JPEG) or an array file with labels and
 * scans it for the image checks (`requireLabels: false` accepts arrays without labels, as a test
 * split may come). Arrays are read whole (src/io); images are decoded one at a
 * time and only their shapes and hashes are kept until {@link TensorDataset.features} is asked
 * for (then pixels are resized to the common shape, at most 32 px a side).
 *
 * @example
 * ```ts
 * const ds = await openTensorDataset({ data: 'x.npy', labels: 'y.npy' });
 * ds.scan.hashes; // perceptual hashes when rows are images
 * ```
 */
export async function openTensorDataset(input: TensorDatasetInput, options: { readonly requireLabels?: boolean } = {}): Promise<TensorDataset> {
  const path = input.data;
  const ds = await open(path, { labels: input.labels });
  if (ds.kind === 'table') throw new UsageError('DATA_FORMAT', `${path}: the image checks read an image folder or arrays (.npy, .npz, IDX, mnist), got a ${ds.format} table; pass the table with --target for the table checks`, { file: path });
  if (ds.format === 'images') {
    // Scanned file by file (shapes and hashes), not decoded whole as ds.arrays() would.
    const listing = await listImageFolder(path);
    const scan = await scanImageFolder(listing);
    const labels = Int32Array.from(listing.entries, (e, i) => (scan.shapes[i] === '' ? -1 : e.label));
    const shape = majorityShape(scan);
    return {
      name: path,
      kind: 'images',
      rows: listing.entries.length,
      classes: listing.classes,
      labels,
      scan,
      features: async () => {
        const { x } = await loadImageFolder(listing, { mode: 'resize', maxSide: MAX_SIDE, ...(shape === undefined ? {} : { shape }) });
        const n = x.shape[0] ?? 0;
        return { dtype: 'float32', shape: [n, n === 0 ? 0 : x.data.length / n], data: x.data };
      },
      pixels: async (rows, target) => {
        const readable = rows.filter((r) => scan.shapes[r] !== '');
        const fit = target ?? shape;
        if (readable.length === 0 || fit === undefined) return undefined;
        const { x } = await loadImageFolder({ ...listing, entries: readable.map((r) => listing.entries[r]!) }, { mode: 'resize', maxSide: MAX_SIDE, shape: fit });
        const [n = 0, channels = 1, height = 0, width = 0] = x.shape;
        return { x: { dtype: 'float32', shape: [n, channels * height * width], data: x.data as Float32Array }, shape: { channels, height, width }, rows: readable };
      },
    };
  }
  const { x, y, labelFile } = await ds.arrays();
  if (y === undefined && options.requireLabels !== false) {
    throw new UsageError('LABELS_REQUIRED', `${path}: array data needs --labels (a 1-D integer .npy or IDX file, one label per row).`, { file: path });
  }
  const rows = x.shape[0] ?? 0;
  // An unlabelled split (a test set given without labels): every row unlabelled (-1).
  const { labels, classes } = y === undefined ? { labels: new Int32Array(rows).fill(-1), classes: [] } : codeLabels(y, rows, labelFile);
  return {
    name: path,
    kind: ds.format === 'mnist' ? 'idx' : ds.format,
    rows,
    classes,
    labels,
    scan: scanArray(x),
    features: () => Promise.resolve(arrayFeatures(x)),
    pixels: (chosen) => Promise.resolve(arrayPixels(x, chosen)),
  };
}
