/**
 * Data-quality pictures drawn from a check run — the same figures in `keel check --html` and in
 * the audit's data section: train-vs-test overlays of drifted features, the missing-value
 * matrix, outlier strip plots, duplicate groups, a gallery of label issues (image thumbnails or
 * texts), and, when the features are pixels, drift and outliers as image-shaped heatmaps.
 * @module
 */
import type { Figure } from '../../figure/index.js';
import { featureColumns } from '../check.js';
import { THUMB_SIDE } from '../image-scan.js';
import type { CheckRun } from '../run-checks.js';
import { driftFigures, pixelDriftFigure } from './drift-figures.js';
import { duplicateGroups, labelIssueGallery, type ExampleView } from './example-figures.js';
import { missingFigures } from './missing-figures.js';
import { outlierFigures, pixelOutlierFigure } from './outlier-figures.js';

export { binEdges, histogramShares } from './drift-figures.js';

/** Options of {@link qualityFigures}. */
export interface QualityFigureOptions {
  /** Column holding texts: label-issue examples show it. */
  readonly text?: string | undefined;
  /** Most overlays and strip plots each; default 6. */
  readonly perKind?: number;
  /** Examples in the label-issue gallery; default 12. */
  readonly examples?: number;
  /** Where the label issues' probabilities came from, in words; default `out-of-fold predictions`. */
  readonly probabilities?: string | undefined;
}

/**
 * The data-quality figures of a check run (from {@link runChecksDetailed} or `runImageChecks`);
 * kinds whose check did not run or found nothing are left out. Pixel data (arrays read as
 * tables, or the per-pixel run of image folders and arrays) get heatmaps instead of per-feature
 * overlays and strips. Reads the training source once more for the examples.
 *
 * @example
 * ```ts
 * const run = await runChecksDetailed({ train: 'train.csv', test: 'test.csv', target: 'y' });
 * const html = renderHtmlReport(run.checks, { train: 'train.csv' }, await qualityFigures(run));
 * ```
 */
export async function qualityFigures(run: CheckRun, options: QualityFigureOptions = {}): Promise<Figure[]> {
  const ctx = run.context;
  const max = options.perKind ?? 6;
  const byId = (id: string): (typeof run.checks)[number] | undefined => run.checks.find((c) => c.id === id && c.status !== 'not_run');
  const features = featureColumns(ctx.train).map((c) => c.name);
  const shape = ctx.pixels;
  const source = run.trainSource;
  const pixelColumns = ctx.train.columns.filter((c) => features.includes(c.name));
  const range = [Math.min(0, ...pixelColumns.map((c) => c.min).filter(Number.isFinite)), Math.max(1, ...pixelColumns.map((c) => c.max).filter(Number.isFinite))] as const;
  const pixels = shape === undefined ? undefined : { shape, columns: features.map((f) => source.columns.indexOf(f)), range };
  const thumbs = ctx.images?.thumbs === undefined ? undefined : { side: THUMB_SIDE, data: ctx.images.thumbs };
  const view: ExampleView = { source, target: ctx.target, text: options.text, pixels, thumbs };
  const perFeature = shape === undefined && run.pixelRun === undefined;
  return [
    ...(perFeature ? driftFigures(ctx, byId('feature_drift'), max) : []),
    ...missingFigures(ctx.train),
    ...(perFeature ? outlierFigures(ctx.train, byId('outliers'), max) : []),
    ...pixelFigures(run.pixelRun ?? run),
    ...(byId('duplicates') === undefined ? [] : await duplicateGroups(ctx, view, 15)),
    ...(await labelIssueGallery(ctx, view, options.examples ?? 12, options.probabilities)),
  ];
}

/** Drift and outliers per pixel as image-shaped heatmaps (a run whose features are pixels). */
function pixelFigures(run: CheckRun): Figure[] {
  const shape = run.context.pixels;
  if (shape === undefined) return [];
  const byId = (id: string): (typeof run.checks)[number] | undefined => run.checks.find((c) => c.id === id && c.status !== 'not_run');
  const features = featureColumns(run.context.train).map((c) => c.name);
  return [...pixelDriftFigure(byId('feature_drift'), features, shape), ...pixelOutlierFigure(run.context.train, byId('outliers'), features, shape)];
}
