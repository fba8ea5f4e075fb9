import { result, type Check, type CheckContext, type CheckResult, type Severity, notRunResult } from '../check.js';

/** Options of the `UnreadableImagesCheck`. */
export interface UnreadableImagesOptions {
  readonly severity: Severity;
  /** Fails when unreadable images exceed this share of rows; default 0. */
  readonly maxFraction: number;
}

/**
 * `unreadable_images`: files of an image folder that are not PNG/JPEG or fail to decode
 * (truncated, corrupt). Items name the file, the error code and the decoder's reason.
 *
 * @example
 * ```ts
 * new UnreadableImagesCheck().run(ctx).evidence.items; // [{ row, file, code: 'IMAGE_DECODE', reason }]
 * ```
 */
export class UnreadableImagesCheck implements Check {
  readonly id = 'unreadable_images';
  readonly severity: Severity;
  readonly options: UnreadableImagesOptions;

  constructor(options: Partial<UnreadableImagesOptions> = {}) {
    this.options = Object.freeze({ severity: 'error', maxFraction: 0, ...options });
    this.severity = this.options.severity;
  }

  run(ctx: CheckContext): CheckResult {
    const scan = ctx.images;
    if (scan === undefined) return notRunResult(this.id, this.severity, 'not image data');
    const bad = scan.unreadable;
    const n = Math.max(1, scan.rows);
    return result(
      this.id,
      this.severity,
      bad.length / n <= this.options.maxFraction,
      bad.length === 0 ? `All ${scan.rows} images decode.` : `${bad.length} of ${scan.rows} image(s) cannot be read: ${bad.slice(0, 3).map((b) => b.file).join(', ')}${bad.length > 3 ? ', …' : ''}.`,
      {
        rows: bad.map((b) => b.row),
        stats: { unreadable: bad.length, fraction: bad.length / n },
        items: bad.slice(0, 100).map((b) => ({ row: b.row, file: b.file, code: b.code, reason: b.reason })),
      },
    );
  }
}
