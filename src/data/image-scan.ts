import { createHash } from 'node:crypto';
import type { HostTensor } from '../core/index.js';
import { luminance, resizePlane, type DecodedImage } from '../io/index.js';
import { perceptualHash } from './perceptual-hash.js';

/** An image that could not be read or decoded. */
export interface UnreadableImage {
  readonly row: number;
  readonly file: string;
  /** The typed error's code (`IMAGE_DECODE`, `IMAGE_FORMAT`, `FILE_NOT_FOUND`, ...). */
  readonly code: string;
  readonly reason: string;
}

/** What the image checks see: per-row shapes, perceptual hashes and decode failures. */
export interface ImageScan {
  readonly rows: number;
  /** File of each row (image folders, relative to the folder); undefined for arrays. */
  readonly files: readonly string[] | undefined;
  readonly unreadable: readonly UnreadableImage[];
  /** `HxWxC` of each row; `''` when unreadable. */
  readonly shapes: readonly string[];
  /** 64-bit pHash of each row as `[hi, lo]` pairs; undefined when rows are not images. */
  readonly hashes: Uint32Array | undefined;
  /** Digest of each row's pixels (exact-copy key); `''` when unreadable. */
  readonly digests: readonly string[];
  /** 16×16 luminance thumbnail of each row (256 bytes a row), to confirm hash matches; undefined with `hashes`. */
  readonly thumbs: Uint8Array | undefined;
}

/** Side of the thumbnails kept to confirm perceptual-hash matches. */
export const THUMB_SIDE = 16;

function thumbInto(gray: Float32Array, w: number, h: number, out: Uint8Array, row: number): void {
  const t = resizePlane(gray, w, h, THUMB_SIDE, THUMB_SIDE);
  const base = row * THUMB_SIDE * THUMB_SIDE;
  for (let i = 0; i < t.length; i++) out[base + i] = Math.max(0, Math.min(255, Math.round(t[i]!)));
}

/** Incremental builder of an {@link ImageScan}, one image at a time. */
export class ImageScanBuilder {
  private readonly shapes: string[] = [];
  private readonly digests: string[] = [];
  private readonly unreadable: UnreadableImage[] = [];
  private readonly hashes: Uint32Array;
  private readonly thumbs: Uint8Array;

  constructor(
    private readonly rows: number,
    private readonly files: readonly string[] | undefined,
  ) {
    this.hashes = new Uint32Array(2 * rows);
    this.thumbs = new Uint8Array(rows * THUMB_SIDE * THUMB_SIDE);
  }

  /** Records a decoded image for `row`. */
  add(row: number, img: DecodedImage): void {
    this.shapes[row] = `${img.height}x${img.width}x${img.channels}`;
    this.digests[row] = createHash('sha1').update(this.shapes[row]).update(img.data).digest('base64url').slice(0, 22);
    const gray = luminance(img);
    thumbInto(gray, img.width, img.height, this.thumbs, row);
    const [hi, lo] = perceptualHash(gray, img.width, img.height);
    this.hashes[2 * row] = hi;
    this.hashes[2 * row + 1] = lo;
  }

  /** Records a decode failure for `row`. */
  fail(row: number, file: string, code: string, reason: string): void {
    this.shapes[row] = '';
    this.digests[row] = '';
    this.unreadable.push({ row, file, code, reason });
  }

  finish(): ImageScan {
    return Object.freeze({
      rows: this.rows,
      files: this.files,
      unreadable: this.unreadable,
      shapes: this.shapes,
      hashes: this.hashes,
      digests: this.digests,
      thumbs: this.thumbs,
    });
  }
}

/**
 * The image layout of an array's rows: NHW, NHWC (C ≤ 4), NCHW (C = 1 or 3) or flat with a square
 * size (`chw` says whether channels come first); undefined when rows do not look like images.
 * @example `imageLayout([100, 28, 28]) // { h: 28, w: 28, c: 1, chw: false }`
 */
export function imageLayout(shape: readonly number[]): { h: number; w: number; c: number; chw: boolean } | undefined {
  const s = shape.slice(1);
  if (s.length === 1) {
    const side = Math.round(Math.sqrt(s[0]!));
    return side >= 4 && side * side === s[0] ? { h: side, w: side, c: 1, chw: false } : undefined;
  }
  if (s.length === 2) return { h: s[0]!, w: s[1]!, c: 1, chw: false };
  if (s.length === 3 && (s[0] === 1 || s[0] === 3) && s[2]! > 4) return { h: s[1]!, w: s[2]!, c: s[0], chw: true };
  if (s.length === 3 && s[2]! <= 4) return { h: s[0]!, w: s[1]!, c: s[2]!, chw: false };
  return undefined;
}

/**
 * Scans an array dataset (rows = first axis): every row has the array's shape; rows that look
 * like images (NHW, NHWC, NCHW, or flat with a square size) get perceptual hashes. Floats in
 * [0, 1] are scaled to 0–255 for hashing.
 *
 * @example
 * ```ts
 * const scan = scanArray(readNpy('x.npy'));
 * ```
 */
export function scanArray(x: HostTensor): ImageScan {
  const n = x.shape[0] ?? 0;
  const d = n === 0 ? 0 : x.data.length / n;
  const layout = imageLayout(x.shape);
  let max = 0;
  if (x.dtype !== 'uint8') for (let i = 0; i < Math.min(x.data.length, 100000); i++) max = Math.max(max, Math.abs(Number(x.data[i])));
  const scale = x.dtype === 'uint8' || max > 1.5 ? 1 : 255;
  const shape = layout === undefined ? x.shape.slice(1).join('x') : `${layout.h}x${layout.w}x${layout.c}`;
  const shapes: string[] = [];
  const digests: string[] = [];
  const hashes = layout === undefined ? undefined : new Uint32Array(2 * n);
  const thumbs = layout === undefined ? undefined : new Uint8Array(n * THUMB_SIDE * THUMB_SIDE);
  for (let r = 0; r < n; r++) {
    const row = x.data.subarray(r * d, (r + 1) * d) as ArrayLike<number> & { buffer: ArrayBufferLike; byteOffset: number; byteLength: number };
    shapes.push(shape);
    digests.push(createHash('sha1').update(new Uint8Array(row.buffer, row.byteOffset, row.byteLength)).digest('base64url').slice(0, 22));
    if (layout === undefined || hashes === undefined) continue;
    const { h, w, c, chw } = layout;
    const gray = new Float32Array(h * w);
    for (let p = 0; p < h * w; p++) {
      let s = 0;
      for (let k = 0; k < c; k++) s += Number(row[chw ? k * h * w + p : p * c + k]);
      gray[p] = (scale * s) / c;
    }
    if (thumbs !== undefined) thumbInto(gray, w, h, thumbs, r);
    const [hi, lo] = perceptualHash(gray, w, h);
    hashes[2 * r] = hi;
    hashes[2 * r + 1] = lo;
  }
  return Object.freeze({ rows: n, files: undefined, unreadable: [], shapes, digests, hashes, thumbs });
}

/**
 * How different the thumbnails of rows `a` and `b` are: Σ|a − b| over the pixels divided by the
 * two thumbnails' total absolute deviation from their means (0 = identical; re-encoded copies
 * stay under ~0.03, distinct MNIST digits with equal hashes are above ~0.038).
 *
 * @example
 * ```ts
 * thumbDistance(scan.thumbs!, 3, 7); // 0.01 for a JPEG re-encoded copy
 * ```
 */
export function thumbDistance(thumbs: Uint8Array, a: number, b: number): number {
  const size = THUMB_SIDE * THUMB_SIDE;
  const pa = thumbs.subarray(a * size, (a + 1) * size);
  const pb = thumbs.subarray(b * size, (b + 1) * size);
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < size; i++) {
    ma += pa[i]!;
    mb += pb[i]!;
  }
  ma /= size;
  mb /= size;
  let diff = 0;
  let dev = 0;
  for (let i = 0; i < size; i++) {
    diff += Math.abs(pa[i]! - pb[i]!);
    dev += Math.abs(pa[i]! - ma) + Math.abs(pb[i]! - mb);
  }
  return diff === 0 ? 0 : diff / Math.max(1e-9, dev);
}
