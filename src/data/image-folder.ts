import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError, KeelError, UsageError, type HostTensor } from '../core/index.js';
import { decodeImage, resizePlane, type DecodedImage } from '../io/index.js';
import { ImageScanBuilder, type ImageScan } from './image-scan.js';

/** One image of a class-per-sub-folder dataset. */
export interface ImageFolderEntry {
  /** Path relative to the folder, e.g. `cat/001.png`. */
  readonly file: string;
  readonly path: string;
  /** Class code (index into `classes`). */
  readonly label: number;
}

/** The listing of an image folder: classes = sub-folder names (sorted), images sorted within each. */
export interface ImageFolderListing {
  readonly root: string;
  readonly classes: readonly string[];
  readonly entries: readonly ImageFolderEntry[];
}

const IMAGE_EXT = /\.(png|jpe?g)$/i;

/**
 * Lists `root/<class>/<image>.{png,jpg,jpeg}`. Throws `FILE_NOT_FOUND` when the folder is
 * missing and `IMAGE_FOLDER_EMPTY` when no sub-folder holds an image.
 *
 * @example
 * ```ts
 * const { classes, entries } = await listImageFolder('pets/');
 * ```
 */
export async function listImageFolder(root: string): Promise<ImageFolderListing> {
  let names: string[];
  try {
    names = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch (e) {
    throw new UsageError('FILE_NOT_FOUND', `${root}: cannot read the image folder (${(e as Error).message}).`, { file: root }, { cause: e });
  }
  const classes: string[] = [];
  const entries: ImageFolderEntry[] = [];
  for (const name of names) {
    const files = (await readdir(join(root, name))).filter((f) => IMAGE_EXT.test(f)).sort();
    if (files.length === 0) continue;
    const label = classes.length;
    classes.push(name);
    for (const f of files) entries.push({ file: `${name}/${f}`, path: join(root, name, f), label });
  }
  if (entries.length === 0) {
    throw new DataError(
      'IMAGE_FOLDER_EMPTY',
      `${root}: no images found. Expected one sub-folder per class holding .png/.jpg files (e.g. ${root}/cat/001.png).`,
      { file: root },
    );
  }
  return { root, classes, entries };
}

async function readImage(entry: ImageFolderEntry, root: string): Promise<DecodedImage> {
  return decodeImage(new Uint8Array(await readFile(entry.path)), join(root, entry.file));
}

/**
 * Decodes every image once (one at a time; pixels are not kept) and records shapes, perceptual
 * hashes and decode failures for the image checks. Unreadable images are results, not errors.
 *
 * @example
 * ```ts
 * const scan = await scanImageFolder(await listImageFolder('pets/'));
 * scan.unreadable; // [{ row, file, code: 'IMAGE_DECODE', reason }]
 * ```
 */
export async function scanImageFolder(listing: ImageFolderListing): Promise<ImageScan> {
  const b = new ImageScanBuilder(listing.entries.length, listing.entries.map((e) => e.file));
  for (const [row, e] of listing.entries.entries()) {
    try {
      b.add(row, await readImage(e, listing.root));
    } catch (err) {
      if (!(err instanceof KeelError)) throw err;
      b.fail(row, e.file, String(err.code), err.message);
    }
  }
  return b.finish();
}

/** The most common `HxWxC` among readable rows. */
export function majorityShape(scan: ImageScan): [number, number, number] | undefined {
  const counts = new Map<string, number>();
  for (const s of scan.shapes) if (s !== '') counts.set(s, (counts.get(s) ?? 0) + 1);
  let best = '';
  let n = 0;
  for (const [s, k] of counts) if (k > n || (k === n && s < best)) [best, n] = [s, k];
  if (best === '') return undefined;
  const [h, w, c] = best.split('x').map(Number) as [number, number, number];
  return [h, w, c];
}

function toPixels(img: DecodedImage, h: number, w: number, c: number, out: Float32Array, at: number): void {
  for (let k = 0; k < c; k++) {
    const srcChannel = img.channels === 1 ? 0 : Math.min(k, 2);
    const plane =
      img.channels === 3 && c === 1
        ? resizePlane(Float32Array.from({ length: img.width * img.height }, (_, p) => (img.data[3 * p]! + img.data[3 * p + 1]! + img.data[3 * p + 2]!) / 3), img.width, img.height, w, h)
        : resizePlane(img.data, img.width, img.height, w, h, img.channels, srcChannel);
    for (let p = 0; p < h * w; p++) out[at + k * h * w + p] = plane[p]! / 255;
  }
}

/** Options of {@link loadImageFolder}. */
export interface LoadImageFolderOptions {
  /** `error` (default) throws on the first unreadable image or odd shape; `resize` fits every readable image to the common shape and zero-fills unreadable ones. */
  readonly mode?: 'error' | 'resize';
  /** With `resize`, images larger than this side are shrunk (features for a small model); default: no limit. */
  readonly maxSide?: number;
  /** Target `[H, W, C]` before `maxSide` (default: the first readable image's). */
  readonly shape?: readonly [number, number, number];
}

/**
 * Loads a class-per-sub-folder image dataset (Keel's one image-folder loader, used by training
 * and by the checks): float32 [n, C, H, W] in [0, 1] and int64 labels in sorted class order.
 * In the default `error` mode C is 1 when every image is gray, else 3 (gray images repeat across
 * channels, colour ones are averaged where the first image fixed C by `shape`), a corrupt image
 * throws `IMAGE_DECODE` naming the file and an image of another height or width throws
 * `IMAGE_SHAPE_MISMATCH`; `resize` mode (label-issue cross-validation) fits every image to the
 * first one's shape.
 *
 * @example
 * ```ts
 * const { x, y, classes } = await loadImageFolder(await listImageFolder('digits/'));
 * ```
 */
export async function loadImageFolder(
  listing: ImageFolderListing,
  options: LoadImageFolderOptions = {},
): Promise<{ x: HostTensor; y: HostTensor; classes: readonly string[]; files: readonly string[] }> {
  const n = listing.entries.length;
  const resize = options.mode === 'resize';
  let shape: [number, number, number] | undefined;
  let data = new Float32Array(0);
  for (const [row, e] of listing.entries.entries()) {
    let img: DecodedImage;
    try {
      img = await readImage(e, listing.root);
    } catch (err) {
      if (resize && err instanceof KeelError) continue;
      throw err;
    }
    if (shape === undefined) {
      const [h0, w0, c0] = options.shape ?? [img.height, img.width, img.channels];
      const f = Math.min(1, (options.maxSide ?? Infinity) / Math.max(h0, w0));
      shape = [Math.max(1, Math.round(h0 * f)), Math.max(1, Math.round(w0 * f)), c0];
      data = new Float32Array(n * shape[0] * shape[1] * shape[2]);
    }
    if (!resize && shape[2] === 1 && img.channels === 3) {
      // The first colour image makes every image RGB: gray rows so far repeat across channels.
      data = grayToRgb(data, row, shape[0] * shape[1], n) as typeof data;
      shape = [shape[0], shape[1], 3];
    }
    const [h, w, c] = shape;
    if (!resize && (img.height !== h || img.width !== w)) {
      throw new DataError(
        'IMAGE_SHAPE_MISMATCH',
        `${join(listing.root, e.file)}: image is ${img.width}×${img.height} (width×height) but the first image is ${w}×${h}. Resize all images to one size or remove it.`,
        { file: join(listing.root, e.file), expected: [h, w, c], actual: [img.height, img.width, img.channels] },
      );
    }
    toPixels(img, h, w, c, data, row * h * w * c);
  }
  const [h, w, c] = shape ?? [0, 0, 0];
  const y = BigInt64Array.from(listing.entries, (e) => BigInt(e.label));
  return { x: { dtype: 'float32', shape: [n, c, h, w], data }, y: { dtype: 'int64', shape: [n], data: y }, classes: listing.classes, files: listing.entries.map((e) => e.file) };
}

function grayToRgb(gray: Float32Array, rows: number, plane: number, n: number): Float32Array {
  const out = new Float32Array(n * 3 * plane);
  for (let r = 0; r < rows; r++) for (let k = 0; k < 3; k++) out.set(gray.subarray(r * plane, (r + 1) * plane), (r * 3 + k) * plane);
  return out;
}

/**
 * True when `path` is a directory.
 *
 * @example
 * ```ts
 * await isDirectory('images/'); // true
 * ```
 */
export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
