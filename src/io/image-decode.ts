import { createRequire } from 'node:module';
import type jpegJs from 'jpeg-js';
import type pngJs from 'pngjs';
import { DataError } from '../core/index.js';

/**
 * The two decoders, loaded on the first image: `keel predict` and every command that reads no
 * image start without their ~20 modules.
 */
let codecs: { readonly png: typeof pngJs.PNG; readonly jpeg: typeof jpegJs } | undefined;
function decoders(): { readonly png: typeof pngJs.PNG; readonly jpeg: typeof jpegJs } {
  const require = createRequire(import.meta.url);
  codecs ??= { png: (require('pngjs') as typeof pngJs).PNG, jpeg: require('jpeg-js') as typeof jpegJs };
  return codecs;
}

/** A decoded image: 8-bit pixels, row-major, channels interleaved (1 = gray, 3 = RGB). */
export interface DecodedImage {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  readonly data: Uint8Array;
}

/** Image formats Keel decodes (PNG through pngjs, JPEG through jpeg-js). */
export type ImageFormat = 'png' | 'jpeg';

/**
 * The format named by the file's first bytes, or undefined when it is neither PNG nor JPEG.
 *
 * @example
 * ```ts
 * imageFormat(readFileSync('a.png')); // 'png'
 * ```
 */
export function imageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
}

function fromRgba(width: number, height: number, rgba: Uint8Array): DecodedImage {
  const n = width * height;
  let gray = true;
  for (let i = 0; i < n && gray; i++) gray = rgba[4 * i] === rgba[4 * i + 1] && rgba[4 * i] === rgba[4 * i + 2];
  const channels = gray ? 1 : 3;
  const data = new Uint8Array(n * channels);
  for (let i = 0; i < n; i++) for (let c = 0; c < channels; c++) data[i * channels + c] = rgba[4 * i + c]!;
  return { width, height, channels, data };
}

/**
 * Decodes PNG or JPEG bytes (alpha dropped; gray when every pixel has R = G = B). Throws
 * DataError `IMAGE_FORMAT` (neither PNG nor JPEG) or `IMAGE_DECODE` (corrupt or truncated),
 * both naming the file and the decoder's reason.
 *
 * @example
 * ```ts
 * const img = decodeImage(readFileSync('cat.png'), 'cat.png');
 * [img.height, img.width, img.channels]; // [32, 32, 3]
 * ```
 */
export function decodeImage(bytes: Uint8Array, file: string): DecodedImage {
  const format = imageFormat(bytes);
  if (format === undefined) {
    const head = [...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new DataError(
      'IMAGE_FORMAT',
      `${file}: not a PNG or JPEG image (starts with ${head || 'nothing'}). Convert it to PNG or remove it from the folder.`,
      { file, head },
    );
  }
  try {
    if (format === 'png') {
      const png = decoders().png.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return fromRgba(png.width, png.height, png.data);
    }
    const img = decoders().jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 512 });
    return fromRgba(img.width, img.height, img.data);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    throw new DataError('IMAGE_DECODE', `${file}: cannot decode ${format.toUpperCase()} (${reason}). Re-export the image or remove it.`, {
      file,
      format,
      reason,
    }, { cause: e });
  }
}

/**
 * Encodes 8-bit gray or RGB pixels as a PNG (through pngjs, the decoder's own library), such as
 * the thumbnails reports embed as `data:` URLs.
 *
 * @example
 * ```ts
 * const png = encodePng({ width: 28, height: 28, channels: 1, data: pixels });
 * ```
 */
export function encodePng(img: DecodedImage): Uint8Array {
  const colorType = img.channels === 1 ? 0 : 2;
  const png = new (decoders().png)({ width: img.width, height: img.height, colorType, inputColorType: colorType, inputHasAlpha: false });
  png.data = Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength);
  return new Uint8Array(decoders().png.sync.write(png, { colorType, inputColorType: colorType, inputHasAlpha: false }));
}

/**
 * Luminance (0–255) of a decoded image, one value per pixel.
 *
 * @example
 * ```ts
 * const gray = luminance(decodeImage(bytes, 'a.png'));
 * ```
 */
export function luminance(img: DecodedImage): Float32Array {
  const n = img.width * img.height;
  const out = new Float32Array(n);
  if (img.channels === 1) {
    for (let i = 0; i < n; i++) out[i] = img.data[i]!;
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = 0.299 * img.data[3 * i]! + 0.587 * img.data[3 * i + 1]! + 0.114 * img.data[3 * i + 2]!;
  return out;
}

/**
 * Area-average resize of one channel plane (`w`×`h` → `tw`×`th`); used for hashing and for the
 * fixed-size pixel features of image folders.
 *
 * @example
 * ```ts
 * const small = resizePlane(gray, 28, 28, 8, 8);
 * ```
 */
export function resizePlane(src: ArrayLike<number>, w: number, h: number, tw: number, th: number, stride = 1, channel = 0): Float32Array {
  const out = new Float32Array(tw * th);
  for (let ty = 0; ty < th; ty++) {
    const y0 = (ty * h) / th;
    const y1 = ((ty + 1) * h) / th;
    for (let tx = 0; tx < tw; tx++) {
      const x0 = (tx * w) / tw;
      const x1 = ((tx + 1) * w) / tw;
      let sum = 0;
      let area = 0;
      for (let y = Math.floor(y0); y < Math.min(h, Math.ceil(y1)); y++) {
        const wy = Math.min(y + 1, y1) - Math.max(y, y0);
        for (let x = Math.floor(x0); x < Math.min(w, Math.ceil(x1)); x++) {
          const wx = Math.min(x + 1, x1) - Math.max(x, x0);
          sum += wx * wy * Number(src[(y * w + x) * stride + channel]);
          area += wx * wy;
        }
      }
      out[ty * tw + tx] = area > 0 ? sum / area : 0;
    }
  }
  return out;
}
