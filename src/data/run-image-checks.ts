import { IMAGE_CHECK_IDS, PIXEL_CHECK_IDS } from './check-registry.js';
import { runPixelChecks } from './pixel-checks.js';
import { runChecksDetailed, type CheckRun, type CrossValidationInput, type RunChecksConfig } from './run-checks.js';
import type { ProbabilitySource } from './probability-source.js';
import { createTable, type Table } from './table.js';
import { openTensorDataset, type TensorDataset, type TensorDatasetInput } from './tensor-dataset.js';

/** Input of {@link runImageChecks}. */
export interface RunImageChecksInput {
  readonly train: TensorDatasetInput;
  /** Test split (image folder, `.npz`, or arrays with or without their own labels). */
  readonly test?: TensorDatasetInput | undefined;
  /** Out-of-fold probabilities (n×k, rows in dataset order). */
  readonly probs?: ProbabilitySource | string | undefined;
  /** Without `probs`: k-fold cross-validation of a small MLP on the (resized) pixels. */
  readonly crossValidation?: Omit<CrossValidationInput, 'features'> | undefined;
  readonly config?: RunChecksConfig | undefined;
}

/** Result of {@link runImageChecks}: the check run plus the dataset (files, classes). */
export interface ImageCheckRun extends CheckRun {
  readonly dataset: TensorDataset;
}

/** One row per example: its pixel digest (`image`, missing when unreadable) and class name. */
function digestTable(ds: TensorDataset): Table {
  return createTable([
    { name: 'image', type: 'string', values: ds.scan.digests.map((d) => (d === '' ? null : d)) },
    { name: 'label', type: 'string', values: Array.from(ds.labels, (c) => (c < 0 ? null : ds.classes[c]!)) },
  ]);
}

/**
 * Runs the image check set on an image folder (one sub-folder per class) or on `.npy` / `.npz` /
 * IDX arrays: unreadable images, shape mismatches, perceptual duplicates, plus exact duplicates,
 * conflicting labels, leakage and drift by pixel digest, class balance and label issues (from
 * `probs` or cross-validation), and outliers and train-vs-test drift per pixel (on up to
 * `PIXEL_SAMPLE_ROWS` images a split; see `pixelRun`). Row indices follow the dataset order (`dataset.scan.files`).
 *
 * @example
 * ```ts
 * const run = await runImageChecks({ train: { data: 'pets/' }, crossValidation: { folds: 5 } });
 * run.label_issues.map((r) => run.dataset.scan.files?.[r]);
 * ```
 */
export async function runImageChecks(input: RunImageChecksInput): Promise<ImageCheckRun> {
  const dataset = await openTensorDataset(input.train);
  const test = input.test === undefined ? undefined : await openTensorDataset(input.test, { requireLabels: false });
  const classes = [...new Set([...dataset.classes, ...(test?.classes ?? [])])];
  const config = input.config ?? {};
  const run = await runChecksDetailed({
    train: digestTable(dataset),
    test: test === undefined ? undefined : digestTable(test),
    target: 'label',
    probs: input.probs,
    crossValidation: input.crossValidation === undefined ? undefined : { ...input.crossValidation, features: () => dataset.features() },
    images: dataset.scan,
    checkIds: IMAGE_CHECK_IDS.filter((id) => !PIXEL_CHECK_IDS.includes(id)),
    config: { ...config, profile: { ...(config.profile ?? {}), classes } },
  });
  // Outliers and drift per pixel, through the table path on the images' pixels.
  const pixels = await runPixelChecks(dataset, test, config);
  return { ...run, checks: [...run.checks, ...pixels.checks], pixelRun: pixels.run, dataset };
}
