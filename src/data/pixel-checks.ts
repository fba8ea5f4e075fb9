/**
 * The per-pixel checks of image data (image folders, IDX and N-d arrays): each pixel becomes a
 * column (`x0`, `x1`, … in CHW order) of a table of sampled images, and the one table path
 * ({@link runChecksDetailed}: column profiles, outlier fences, KS drift) runs the outliers and
 * feature-drift checks on it, so images get the statistics — and the heatmaps — that pixel
 * arrays read as tables get.
 * @module
 */
import { Rng } from '../core/index.js';
import { arrayColumns } from './array-table.js';
import { notRunResult, type CheckResult } from './check.js';
import { createChecks, PIXEL_CHECK_IDS } from './check-registry.js';
import { runChecksDetailed, type CheckRun, type RunChecksConfig } from './run-checks.js';
import { createTable } from './table.js';
import type { Pixels, TensorDataset } from './tensor-dataset.js';

/** Images per split whose pixels enter the per-pixel statistics (a seeded uniform sample above it). */
export const PIXEL_SAMPLE_ROWS = 5000;

/** Up to `max` rows of `n` in ascending order: all of them, or a seeded uniform sample. */
function sampleRows(n: number, max: number, seed: number, split: string): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  return Array.from(Rng.derive(seed, 'pixel-sample', split).permutation(n).subarray(0, max)).sort((a, b) => a - b);
}

/** A check result whose row numbers (sample rows) are mapped back to dataset rows, with a note on the sample. */
function toDatasetRows(c: CheckResult, rows: readonly number[], note: string): CheckResult {
  const map = (r: number): number => rows[r] ?? r;
  const items = c.evidence.items.map((i) => (Array.isArray(i['rows']) ? { ...i, rows: (i['rows'] as readonly number[]).map(map) } : i));
  return Object.freeze({ ...c, summary: `${c.summary}${note}`, evidence: Object.freeze({ ...c.evidence, rows: c.evidence.rows.map(map), items }) });
}

/**
 * Runs the per-pixel checks (outliers, at severity `info` unless configured, and drift when a test
 * split is given) on up to {@link PIXEL_SAMPLE_ROWS} images per split. Without image-shaped rows both are `not_run` with
 * the reason; a test split of another pixel shape leaves drift `not_run`.
 *
 * @example
 * ```ts
 * const { checks, run } = await runPixelChecks(await openTensorDataset({ data: 'digits/' }), undefined, {});
 * ```
 */
export async function runPixelChecks(train: TensorDataset, test: TensorDataset | undefined, runConfig: RunChecksConfig): Promise<{ checks: CheckResult[]; run: CheckRun | undefined }> {
  const seed = runConfig.profile?.seed ?? 0;
  // Ink that is rare at a place (a stroke reaching a corner) is an outlier there: natural in images,
  // so per-pixel outliers are information unless configured otherwise; drift stays a warning.
  const config = { ...runConfig, checks: { ...runConfig.checks, outliers: { severity: 'info' as const, ...runConfig.checks?.outliers } } };
  const px = await train.pixels(sampleRows(train.rows, PIXEL_SAMPLE_ROWS, seed, 'train'));
  if (px === undefined) {
    const reason = `the rows of ${train.name} are not images of one shape, so there are no per-pixel statistics`;
    return { checks: createChecks(config.checks ?? {}, PIXEL_CHECK_IDS).map((c) => notRunResult(c.id, c.severity, reason)), run: undefined };
  }
  const { channels, height, width } = px.shape;
  const testPx = test === undefined ? undefined : await test.pixels(sampleRows(test.rows, PIXEL_SAMPLE_ROWS, seed, 'test'), [height, width, channels]);
  const sameShape = testPx !== undefined && testPx.x.shape[1] === px.x.shape[1];
  const run = await runChecksDetailed({
    train: createTable(arrayColumns(px.x)),
    test: sameShape ? createTable(arrayColumns(testPx.x)) : undefined,
    rowShape: [channels, height, width],
    checkIds: PIXEL_CHECK_IDS,
    config: { checks: config.checks ?? {}, profile: { seed } },
  });
  const part = (p: Pixels, of: number, split: string): string => (p.rows.length < of ? `${p.rows.length} of ${of} ${split} images` : `all ${of} ${split} images`);
  const sampled = px.rows.length < train.rows || (testPx !== undefined && testPx.rows.length < (test?.rows ?? 0)) ? ` Per-pixel statistics on a uniform sample: ${part(px, train.rows, 'training')}${testPx === undefined ? '' : `, ${part(testPx, test?.rows ?? 0, 'test')}`}.` : '';
  const checks = run.checks.map((c) => {
    if (c.id === 'feature_drift' && test !== undefined && !sameShape) return notRunResult(c.id, c.severity, `the test images are not ${height}×${width}×${channels} like the training images, so their pixels cannot be compared`);
    return c.status === 'not_run' ? c : toDatasetRows(c, px.rows, sampled);
  });
  return { checks, run };
}
