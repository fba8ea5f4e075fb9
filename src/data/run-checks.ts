import { DataError, featureTensor, type HostTensor } from '../core/index.js';
import { featureColumns, type Check, type CheckContext, type CheckResult, type OutlierScan } from './check.js';
import { pixelShape } from './pixel-shape.js';
import { createChecks, IMAGE_CHECK_IDS, TABLE_CHECK_IDS, TEXT_CHECK_IDS, type CheckId, type ChecksConfig } from './check-registry.js';
import { crossValProbabilities, type CrossValOptions } from './cross-val-probabilities.js';
import { standardizedFeatures } from './feature-matrix.js';
import type { ImageScan } from './image-scan.js';
import { findLabelIssues, type LabelIssueOptions, type LabelIssueReport } from './confident-learning.js';
import type { DataInput, DataSource, ReadOptions } from './data-source.js';
import { openTable } from './open.js';
import { outliersFromCandidates, scanOutliers } from './outlier-scan.js';
import { openNpyProbabilities, type ProbabilitySource } from './probability-source.js';
import { profileDataset, type DatasetProfile, type ProfileOptions } from './profile-dataset.js';
import type { ColumnType } from './table.js';
import { bagOfWords } from './text-features.js';
import { scanTexts, type TextScan } from './text-scan.js';

/** Tuning of {@link runChecks}; everything optional. */
export interface RunChecksConfig {
  /** Per-check `enabled` flags, severities and thresholds. */
  readonly checks?: ChecksConfig;
  /** How to read file inputs (applied to train and test). */
  readonly read?: ReadOptions;
  /** Memory and fingerprint limits of the streaming pass, class order, seed. */
  readonly profile?: Omit<ProfileOptions, 'target' | 'reference' | 'nearIndex'>;
  /** Confident-learning options for `label_issues`. */
  readonly labelIssues?: LabelIssueOptions;
  /** Extra check plug-ins run after the built-in ones. */
  readonly extraChecks?: readonly Check[];
}

/** Input of {@link runChecks}. */
export interface RunChecksInput {
  readonly train: DataInput;
  readonly test?: DataInput | undefined;
  readonly target?: string | undefined;
  /** Out-of-fold predicted probabilities (n×k, rows aligned with train): a source or an `.npy` path. */
  readonly probs?: ProbabilitySource | string | undefined;
  readonly config?: RunChecksConfig | undefined;
  /**
   * Without `probs`: compute out-of-fold probabilities by k-fold cross-validation of a Keel MLP
   * on the standardized features (or on `features()`, e.g. pixels) and find label issues.
   */
  readonly crossValidation?: CrossValidationInput | undefined;
  /** Image / array scan: switches to the image check set (see `IMAGE_CHECK_IDS`). */
  readonly images?: ImageScan | undefined;
  /**
   * The column holding texts: switches to the text check set (see `TEXT_CHECK_IDS`), and
   * cross-validation (without `features`) then trains logistic regressions on TF-IDF bags of words.
   */
  readonly text?: string | undefined;
  /**
   * The row shape (`[C, H, W]` or `[H, W]`) when the feature columns are an image's pixels in CHW
   * order; without it, columns `x0`, `x1`, … whose count is a square (gray or RGB, at least 8 × 8)
   * are taken as pixels. Per-pixel checks then summarize per image (see `CheckContext.pixels`).
   */
  readonly rowShape?: readonly number[] | undefined;
  /** The built-in checks to run (default: by kind of data — table, text or image checks). */
  readonly checkIds?: readonly CheckId[] | undefined;
}

/** How {@link runChecks} cross-validates when no probabilities are given. */
export interface CrossValidationInput extends CrossValOptions {
  /** Features aligned with the training rows; default: standardized table features. */
  readonly features?: () => Promise<HostTensor>;
}

/** Result of {@link runChecks}. */
export interface CheckReport {
  readonly checks: readonly CheckResult[];
  /** Label-issue rows of the training data, most suspicious first (empty without probs). */
  readonly label_issues: readonly number[];
}

/** Everything computed before the checks ran, for callers that need more than the report. */
export interface CheckRun extends CheckReport {
  readonly context: CheckContext;
  readonly trainSource: DataSource;
  /** Image data: the per-pixel checks' own run (its context profiles the pixels; see `runImageChecks`). */
  readonly pixelRun?: CheckRun | undefined;
}

async function openTest(input: DataInput, train: DataSource, read: ReadOptions): Promise<DataSource> {
  if (typeof input !== 'string') return openTable(input, read);
  const probe = await openTable(input, { ...read, inferRows: 1 });
  const schema: Record<string, ColumnType> = {};
  train.columns.forEach((c, j) => {
    if (probe.columns.includes(c)) schema[c] = train.types[j]!;
  });
  return openTable(input, { ...read, schema: { ...schema, ...(read.schema ?? {}) } });
}

function assertTwoClasses(profile: DatasetProfile, target: string | undefined): void {
  const labels = profile.labels;
  if (target === undefined || labels === undefined) return;
  if (labels.classes.length < 2) {
    const only = labels.classes[0];
    throw new DataError(
      'TARGET_SINGLE_CLASS',
      `${profile.name}: target column "${target}" has ${only === undefined ? 'no labels' : `a single class "${only}"`} ` +
        `in ${profile.rowCount} rows; label checks need at least two classes. Pick the right target column or add data.`,
      { file: profile.name, column: target, classes: labels.classes },
    );
  }
}

/**
 * Runs the checks and returns the context they saw as well (see {@link runChecks}).
 *
 * @example
 * ```ts
 * const run = await runChecksDetailed({ train: 'train.csv', target: 'y' });
 * run.context.train.rowCount;
 * ```
 */
export async function runChecksDetailed(input: RunChecksInput): Promise<CheckRun> {
  const config = input.config ?? {};
  const read = config.read ?? {};
  const ids = input.checkIds ?? (input.images !== undefined ? IMAGE_CHECK_IDS : input.text !== undefined ? TEXT_CHECK_IDS : TABLE_CHECK_IDS);
  const checks = [...createChecks(config.checks ?? {}, ids), ...(config.extraChecks ?? [])];
  const trainSource = await openTable(input.train, read);
  const base = { ...(config.profile ?? {}), target: input.target };
  const wantOutliers = checks.some((c) => c.id === 'outliers');
  const k = config.checks?.outliers?.k ?? 2;
  const train = await profileDataset(trainSource, {
    ...base,
    nearIndex: input.test !== undefined,
    outlierK: wantOutliers ? k : undefined,
  });
  assertTwoClasses(train, input.target);
  let test: DatasetProfile | undefined;
  const seed = config.profile?.seed ?? 0;
  const trainText = input.text === undefined ? undefined : await scanTexts(trainSource, input.text, { seed });
  let testText: TextScan | undefined;
  if (input.test !== undefined) {
    const testSource = await openTest(input.test, trainSource, read);
    test = await profileDataset(testSource, { ...base, classes: config.profile?.classes, reference: train });
    if (input.text !== undefined) testText = await scanTexts(testSource, input.text, { seed });
  }
  let outliers: OutlierScan | undefined;
  if (wantOutliers) {
    const cap = config.profile?.evidenceRows ?? 1000;
    outliers = outliersFromCandidates(train, k, cap) ?? (await scanOutliers(trainSource, train, k, cap));
  }
  let labelIssues: LabelIssueReport | undefined;
  const cv = input.crossValidation;
  if (train.labels !== undefined && (input.probs !== undefined || cv !== undefined)) {
    let probs: ProbabilitySource;
    if (input.probs !== undefined) probs = typeof input.probs === 'string' ? await openNpyProbabilities(input.probs) : input.probs;
    else {
      const x = cv?.features !== undefined ? await cv.features() : trainText !== undefined ? bagOfWords(trainText) : featureTensor(await standardizedFeatures(trainSource, train));
      const textModel = trainText !== undefined && cv?.features === undefined ? { hidden: [], epochs: 20 } : {};
      probs = (await crossValProbabilities(x, train.labels.codes, train.labels.classes.length, { ...textModel, ...cv })).probs;
    }
    labelIssues = await findLabelIssues(train.labels.codes, probs, config.labelIssues ?? {});
  }
  const texts = trainText === undefined ? undefined : { train: trainText, test: testText };
  // Pixel columns of image arrays read as tables (never the digest table of the image checks, nor texts).
  const pixels = input.images !== undefined || input.text !== undefined ? undefined : pixelShape(featureColumns(train).map((c) => c.name), input.rowShape);
  const context: CheckContext = Object.freeze({ train, test, target: input.target, labelIssues, outliers, images: input.images, texts, pixels });
  const results = checks.map((c) => c.run(context));
  return { checks: results, label_issues: labelIssues?.issues ?? [], context, trainSource };
}

/**
 * Runs the data-quality checks on a training split (and optionally a test split and
 * out-of-fold probabilities). Files are streamed in chunks: one pass per split computes every
 * one-pass check, one more pass over train finds outliers, and label issues take three batched
 * passes over the probabilities. A failed check is a result; only unusable input throws
 * (typed errors naming file, line and column).
 *
 * @example
 * ```ts
 * const report = await runChecks({ train: 'train.csv', test: 'test.csv', target: 'label' });
 * for (const c of report.checks) if (!c.passed) console.log(c.id, c.summary);
 * ```
 */
export async function runChecks(input: RunChecksInput): Promise<CheckReport> {
  const { checks, label_issues } = await runChecksDetailed(input);
  return { checks, label_issues };
}
