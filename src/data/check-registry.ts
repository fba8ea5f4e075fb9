import type { Check } from './check.js';
import { ClassImbalanceCheck, type ClassImbalanceOptions } from './checks/class-imbalance-check.js';
import { ConflictingLabelsCheck, type ConflictingLabelsOptions } from './checks/conflicting-labels-check.js';
import { ConstantFeaturesCheck, type ConstantFeaturesOptions } from './checks/constant-features-check.js';
import { DuplicateImagesCheck, type DuplicateImagesOptions } from './checks/duplicate-images-check.js';
import { DuplicateTextsCheck, type DuplicateTextsOptions } from './checks/duplicate-texts-check.js';
import { EmptyTextsCheck, type EmptyTextsOptions } from './checks/empty-texts-check.js';
import { DuplicatesCheck, type DuplicatesOptions } from './checks/duplicates-check.js';
import { FeatureDriftCheck, type FeatureDriftOptions } from './checks/feature-drift-check.js';
import { ImageShapeMismatchCheck, type ImageShapeMismatchOptions } from './checks/image-shape-mismatch-check.js';
import { LabelDriftCheck, type LabelDriftOptions } from './checks/label-drift-check.js';
import { LabelIssuesCheck, type LabelIssuesOptions } from './checks/label-issues-check.js';
import { MissingValuesCheck, type MissingValuesOptions } from './checks/missing-values-check.js';
import { MixedTypesCheck, type MixedTypesOptions } from './checks/mixed-types-check.js';
import { TextDriftCheck, type TextDriftOptions } from './checks/text-drift-check.js';
import { TextEncodingCheck, type TextEncodingOptions } from './checks/text-encoding-check.js';
import { TextLeakageCheck, type TextLeakageOptions } from './checks/text-leakage-check.js';
import { OutliersCheck, type OutliersOptions } from './checks/outliers-check.js';
import { TrainTestLeakageCheck, type TrainTestLeakageOptions } from './checks/train-test-leakage-check.js';
import { UnreadableImagesCheck, type UnreadableImagesOptions } from './checks/unreadable-images-check.js';

/** Options of each built-in check, by stable id. */
export interface CheckOptionsById {
  missing_values: MissingValuesOptions;
  constant_features: ConstantFeaturesOptions;
  mixed_types: MixedTypesOptions;
  duplicates: DuplicatesOptions;
  conflicting_labels: ConflictingLabelsOptions;
  class_imbalance: ClassImbalanceOptions;
  outliers: OutliersOptions;
  train_test_leakage: TrainTestLeakageOptions;
  feature_drift: FeatureDriftOptions;
  label_drift: LabelDriftOptions;
  label_issues: LabelIssuesOptions;
  unreadable_images: UnreadableImagesOptions;
  duplicate_images: DuplicateImagesOptions;
  image_shape_mismatch: ImageShapeMismatchOptions;
  empty_texts: EmptyTextsOptions;
  duplicate_texts: DuplicateTextsOptions;
  text_leakage: TextLeakageOptions;
  text_drift: TextDriftOptions;
  text_encoding: TextEncodingOptions;
}

/** Stable id of a built-in check. */
export type CheckId = keyof CheckOptionsById;

/** Per-check configuration: `enabled` (default true) plus that check's options. */
export type ChecksConfig = {
  readonly [K in CheckId]?: Partial<CheckOptionsById[K]> & { readonly enabled?: boolean };
};

/**
 * The name → factory map of built-in checks; it types config files and CLI values.
 *
 * @example
 * ```ts
 * const drift = CHECK_FACTORIES.feature_drift({ alpha: 0.01 });
 * ```
 */
export const CHECK_FACTORIES: { readonly [K in CheckId]: (options?: Partial<CheckOptionsById[K]>) => Check } = Object.freeze({
  missing_values: (o) => new MissingValuesCheck(o),
  constant_features: (o) => new ConstantFeaturesCheck(o),
  mixed_types: (o) => new MixedTypesCheck(o),
  duplicates: (o) => new DuplicatesCheck(o),
  conflicting_labels: (o) => new ConflictingLabelsCheck(o),
  class_imbalance: (o) => new ClassImbalanceCheck(o),
  outliers: (o) => new OutliersCheck(o),
  train_test_leakage: (o) => new TrainTestLeakageCheck(o),
  feature_drift: (o) => new FeatureDriftCheck(o),
  label_drift: (o) => new LabelDriftCheck(o),
  label_issues: (o) => new LabelIssuesCheck(o),
  unreadable_images: (o) => new UnreadableImagesCheck(o),
  duplicate_images: (o) => new DuplicateImagesCheck(o),
  image_shape_mismatch: (o) => new ImageShapeMismatchCheck(o),
  empty_texts: (o) => new EmptyTextsCheck(o),
  duplicate_texts: (o) => new DuplicateTextsCheck(o),
  text_leakage: (o) => new TextLeakageCheck(o),
  text_drift: (o) => new TextDriftCheck(o),
  text_encoding: (o) => new TextEncodingCheck(o),
});

/**
 * All built-in check ids, in report order.
 *
 * @example
 * ```ts
 * CHECK_IDS.includes('duplicates'); // true
 * ```
 */
export const CHECK_IDS: readonly CheckId[] = Object.freeze(Object.keys(CHECK_FACTORIES) as CheckId[]);

/** The checks that need a text column (`--text COL`). */
const TEXT_ONLY_IDS: readonly CheckId[] = ['empty_texts', 'duplicate_texts', 'text_leakage', 'text_drift', 'text_encoding'];

/**
 * Checks run on tables (CSV / JSON lines): every built-in check but the image and text ones.
 *
 * @example
 * ```ts
 * TABLE_CHECK_IDS.includes('outliers'); // true
 * ```
 */
export const TABLE_CHECK_IDS: readonly CheckId[] = Object.freeze(CHECK_IDS.filter((id) => !id.includes('image') && !TEXT_ONLY_IDS.includes(id)));

/**
 * Checks run on image folders and arrays: the image checks plus those that make sense on whole
 * examples (exact duplicates and conflicting labels by pixel digest, class balance, leakage,
 * label drift, label issues) and the per-pixel ones ({@link PIXEL_CHECK_IDS}).
 *
 * @example
 * ```ts
 * IMAGE_CHECK_IDS.includes('duplicate_images'); // true
 * ```
 */
export const IMAGE_CHECK_IDS: readonly CheckId[] = Object.freeze([
  'unreadable_images', 'image_shape_mismatch', 'duplicate_images', 'duplicates', 'conflicting_labels',
  'class_imbalance', 'train_test_leakage', 'label_drift', 'label_issues', 'outliers', 'feature_drift',
] satisfies CheckId[]);

/**
 * The image checks that look at each pixel (a pixel's values across images): outliers and
 * train-vs-test drift, run on the images' pixels and drawn as heatmaps.
 *
 * @example
 * ```ts
 * PIXEL_CHECK_IDS.includes('feature_drift'); // true
 * ```
 */
export const PIXEL_CHECK_IDS: readonly CheckId[] = Object.freeze(['outliers', 'feature_drift'] satisfies CheckId[]);

/**
 * Checks run on a table with a text column: the text checks plus the label and whole-row ones
 * (missing values, row duplicates, conflicting labels, class balance, row leakage, label drift,
 * label issues from cross-validated bag-of-words models).
 *
 * @example
 * ```ts
 * TEXT_CHECK_IDS.includes('duplicate_texts'); // true
 * ```
 */
export const TEXT_CHECK_IDS: readonly CheckId[] = Object.freeze([
  ...TEXT_ONLY_IDS, 'missing_values', 'duplicates', 'conflicting_labels', 'class_imbalance', 'train_test_leakage', 'label_drift', 'label_issues',
] satisfies CheckId[]);

/**
 * Instantiates the enabled built-in checks among `ids` (default: the table checks) with their
 * configured options.
 *
 * @example
 * ```ts
 * createChecks({ outliers: { enabled: false }, feature_drift: { alpha: 0.01 } });
 * ```
 */
export function createChecks(config: ChecksConfig = {}, ids: readonly CheckId[] = TABLE_CHECK_IDS): Check[] {
  const out: Check[] = [];
  for (const id of ids) {
    const entry = config[id] as ({ readonly enabled?: boolean } & Record<string, unknown>) | undefined;
    if (entry?.enabled === false) continue;
    const options: Record<string, unknown> = { ...entry };
    delete options.enabled;
    out.push(CHECK_FACTORIES[id](options));
  }
  return out;
}
