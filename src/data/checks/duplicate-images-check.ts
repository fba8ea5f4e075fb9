import { result, type Check, type CheckContext, type CheckResult, type Severity, notRunResult } from '../check.js';
import { thumbDistance } from '../image-scan.js';
import { nearDuplicateHashes } from '../perceptual-hash.js';

/** Options of the `DuplicateImagesCheck`. */
export interface DuplicateImagesOptions {
  readonly severity: Severity;
  /** Largest pHash Hamming distance (0–3 bits of 64) counted as the same picture; default 2. */
  readonly maxDistance: number;
  /** Largest thumbnail distance (see `thumbDistance`) confirming a hash match; default 0.033. */
  readonly maxThumbDistance: number;
  /** Fails when duplicates exceed this share of rows; default 0. */
  readonly maxFraction: number;
}

/**
 * `duplicate_images`: images that are the same picture as an earlier one by 64-bit DCT
 * perceptual hash, confirmed by comparing 16×16 thumbnails (catches re-encoded, re-saved and
 * lightly resized copies, not only identical bytes, without pairing look-alike digits). Evidence rows are the later copies; items pair them with the first and give the
 * distance in bits.
 *
 * @example
 * ```ts
 * new DuplicateImagesCheck({ maxDistance: 0 }).run(ctx).evidence.items; // [{ row, duplicateOf, distance }]
 * ```
 */
export class DuplicateImagesCheck implements Check {
  readonly id = 'duplicate_images';
  readonly severity: Severity;
  readonly options: DuplicateImagesOptions;

  constructor(options: Partial<DuplicateImagesOptions> = {}) {
    this.options = Object.freeze({ severity: 'warning', maxDistance: 2, maxThumbDistance: 0.033, maxFraction: 0, ...options });
    this.severity = this.options.severity;
  }

  run(ctx: CheckContext): CheckResult {
    const scan = ctx.images;
    if (scan?.hashes === undefined) return notRunResult(this.id, this.severity, 'rows are not images');
    const skip = new Uint8Array(scan.rows);
    for (const u of scan.unreadable) skip[u.row] = 1;
    const thumbs = scan.thumbs;
    const limit = this.options.maxThumbDistance;
    const confirm = (r: number, q: number): boolean => thumbs === undefined || thumbDistance(thumbs, r, q) <= limit;
    const pairs = nearDuplicateHashes(scan.hashes, Math.min(3, this.options.maxDistance), skip, confirm);
    const n = Math.max(1, scan.rows);
    const exact = pairs.filter(([r, q]) => scan.digests[r] === scan.digests[q]).length;
    return result(
      this.id,
      this.severity,
      pairs.length / n <= this.options.maxFraction,
      pairs.length === 0
        ? 'No duplicate images.'
        : `${pairs.length} image(s) repeat an earlier picture (${exact} pixel-identical, ${pairs.length - exact} near copies by perceptual hash).`,
      {
        rows: pairs.slice(0, 1000).map((p) => p[0]),
        stats: { duplicates: pairs.length, identical: exact, fraction: pairs.length / n },
        items: pairs.slice(0, 100).map(([row, first, distance]) => ({
          row,
          duplicateOf: first,
          file: scan.files?.[row] ?? null,
          duplicateOfFile: scan.files?.[first] ?? null,
          distance,
        })),
      },
    );
  }
}
