import type { Check } from './check.js';
import { ClassImbalanceCheck, type ClassImbalanceOptions } from './checks/class-imbalance-check.js';
import { ConflictingLabelsCheck, type ConflictingLabelsOptions } from './checks/conflicting-labels-check.js';
import { ConstantFeaturesCheck, type ConstantFeaturesOptions } from './checks/constant-features-check.js';
import { DuplicatesCheck, type DuplicatesOptions } from './checks/duplicates-check.js';
import { FeatureDriftCheck, type FeatureDriftOptions } from './checks/feature-drift-check.js';
import { LabelDriftCheck, type LabelDriftOptions } from './checks/label-drift-check.js';
import { LabelIssuesCheck, type LabelIssuesOptions } from './checks/label-issues-check.js';
import { MissingValuesCheck, type MissingValuesOptions } from './checks/missing-values-check.js';
import { MixedTypesCheck, type MixedTypesOptions } from './checks/mixed-types-check.js';
import { OutliersCheck, type OutliersOptions } from './checks/outliers-check.js';
import { TrainTestLeakageCheck, type TrainTestLeakageOptions } from './checks/train-test-leakage-check.js';

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

/**
 * Instantiates the enabled built-in checks with their configured options.
 *
 * @example
 * ```ts
 * createChecks({ outliers: { enabled: false }, feature_drift: { alpha: 0.01 } });
 * ```
 */
export function createChecks(config: ChecksConfig = {}): Check[] {
  const out: Check[] = [];
  for (const id of CHECK_IDS) {
    const entry = config[id] as ({ readonly enabled?: boolean } & Record<string, unknown>) | undefined;
    if (entry?.enabled === false) continue;
    const options: Record<string, unknown> = { ...entry };
    delete options.enabled;
    out.push(CHECK_FACTORIES[id](options));
  }
  return out;
}
