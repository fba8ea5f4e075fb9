import { result, type Check, type CheckContext, type CheckResult, type Severity, notRunResult } from '../check.js';

/** Options of the `ImageShapeMismatchCheck`. */
export interface ImageShapeMismatchOptions {
  readonly severity: Severity;
  /** Fails when images of another shape exceed this share of readable rows; default 0. */
  readonly maxFraction: number;
}

/**
 * `image_shape_mismatch`: readable images whose height × width × channels differ from the most
 * common shape (a batch of them cannot be stacked without resizing).
 *
 * @example
 * ```ts
 * new ImageShapeMismatchCheck().run(ctx).evidence.items; // [{ row, file, shape: '32x32x3', expected: '28x28x1' }]
 * ```
 */
export class ImageShapeMismatchCheck implements Check {
  readonly id = 'image_shape_mismatch';
  readonly severity: Severity;
  readonly options: ImageShapeMismatchOptions;

  constructor(options: Partial<ImageShapeMismatchOptions> = {}) {
    this.options = Object.freeze({ severity: 'error', maxFraction: 0, ...options });
    this.severity = this.options.severity;
  }

  run(ctx: CheckContext): CheckResult {
    const scan = ctx.images;
    if (scan === undefined) return notRunResult(this.id, this.severity, 'not image data');
    const counts = new Map<string, number>();
    for (const s of scan.shapes) if (s !== '') counts.set(s, (counts.get(s) ?? 0) + 1);
    let expected = '';
    let most = 0;
    for (const [s, k] of counts) if (k > most || (k === most && s < expected)) [expected, most] = [s, k];
    const rows: number[] = [];
    scan.shapes.forEach((s, r) => {
      if (s !== '' && s !== expected) rows.push(r);
    });
    const readable = Math.max(1, scan.rows - scan.unreadable.length);
    return result(
      this.id,
      this.severity,
      rows.length / readable <= this.options.maxFraction,
      rows.length === 0
        ? `All readable images are ${expected || 'absent'} (height x width x channels).`
        : `${rows.length} image(s) differ from the common shape ${expected} (height x width x channels).`,
      {
        rows: rows.slice(0, 1000),
        stats: { mismatched: rows.length, shapes: counts.size },
        items: rows.slice(0, 100).map((r) => ({ row: r, file: scan.files?.[r] ?? null, shape: scan.shapes[r]!, expected })),
      },
    );
  }
}
