/**
 * `keel/data`: Keel's one data boundary (`open` → `Dataset`, the fitted `Preprocessor`) and data
 * quality — loading CSV / JSON-lines / .npy tables, the data checks
 * (missing values, duplicates, leakage, drift, label issues by confident learning, ...),
 * cleaning and class-imbalance fixes.
 *
 * @example
 * ```ts
 * import { runChecks } from 'keel/data';
 * const { checks } = await runChecks({ train: 'train.csv', test: 'test.csv', target: 'y' });
 * ```
 * @packageDocumentation
 */
export { loadTable, openSource, createTable, getColumn, type Table, type ColumnType, type DataInput, type ReadOptions } from '../data/index.js';
// The one data boundary: every source as one Dataset, the one tabular encoder, raw rows for a saved model.
export { open, isTabularPath, readCsv, Preprocessor, encodeForModel, type Dataset, type TableDataset, type ArrayDataset, type OpenOptions, type RawCsv, type ReadCsvOptions, type PreprocessorSpec, type ColumnTransform, type FitPreprocessorOptions, type TransformOptions, type EncodeForModelOptions, type ModelRows } from '../data/index.js';
export { runChecks, runChecksDetailed, createChecks, CHECK_IDS, type RunChecksInput, type RunChecksConfig, type CheckReport, type CheckRun } from '../data/index.js';
export type { Check, CheckContext, CheckResult, CheckStatus, Evidence, Severity, CheckId, ChecksConfig, CheckOptionsById, TextScans, TextScan, EncodingProblem, EncodingProblemKind, EmptyTextsOptions, DuplicateTextsOptions, TextLeakageOptions, TextDriftOptions, TextEncodingOptions, PixelShape } from '../data/index.js';
export { profileDataset, type DatasetProfile, type ProfileOptions as DatasetProfileOptions, type ColumnProfile } from '../data/index.js';
export { findLabelIssues, crossValProbabilities, type LabelIssueReport, type LabelIssueOptions } from '../data/index.js';
export { clean, type CleanOptions, type CleanSummary } from '../data/index.js';
export { classWeights, randomOversample, randomUndersample, smote, type ResampleOptions, type SmoteOptions } from '../data/index.js';
export { ksTwoSample, chiSquareHomogeneity, populationStabilityIndex, adjustPValues, type Correction, type TestResult } from '../data/index.js';
// Types that the signatures above mention.
export { DEFAULT_MISSING_MARKERS, MissingValuesCheck, ConstantFeaturesCheck, MixedTypesCheck, DuplicatesCheck, ConflictingLabelsCheck, ClassImbalanceCheck, OutliersCheck, TrainTestLeakageCheck, FeatureDriftCheck, LabelDriftCheck, LabelIssuesCheck, UnreadableImagesCheck, DuplicateImagesCheck, ImageShapeMismatchCheck } from '../data/index.js';
export type { Column as TableColumn, NumberColumn, StringColumn, RowChunk, ProbabilityBatch, UnreadableImage, DataSource, EvidenceValue, OutlierScan, OutlierCandidates, ImageScan, ConflictGroup, LabelProfile, LeakageProfile, LabelIssueFilter, ProbabilitySource, CrossValidationInput } from '../data/index.js';
export type { CrossValOptions, CrossValResult } from '../data/index.js';
export type { ClassImbalanceOptions, ConflictingLabelsOptions, ConstantFeaturesOptions, DuplicateImagesOptions, DuplicatesOptions, FeatureDriftOptions, ImageShapeMismatchOptions, LabelDriftOptions, LabelIssuesOptions, MissingValuesOptions, MixedTypesOptions, OutliersOptions, TrainTestLeakageOptions, UnreadableImagesOptions } from '../data/index.js';
