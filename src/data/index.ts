/**
 * Keel's tabular data quality: streaming CSV / JSON-lines loaders, check plug-ins (missing
 * values, duplicates, leakage, drift, label issues by confident learning, ...), `clean()` and
 * imbalance fixes, and the `keel check` / `keel clean` command functions.
 *
 * @example
 * ```ts
 * import { runChecks } from './data/index.js';
 * const { checks } = await runChecks({ train: 'train.csv', test: 'test.csv', target: 'y' });
 * ```
 */
export { createTable, getColumn, takeRows, cellText } from './table.js';
export type { Table, Column, NumberColumn, StringColumn, ColumnType } from './table.js';
export { DEFAULT_MISSING_MARKERS, isNumericText } from './data-source.js';
export type { ReadOptions, RowChunk, DataSource, DataInput } from './data-source.js';
export { openSource } from './open-source.js';
export { loadTable } from './load-table.js';
export { readCsv, type ReadCsvOptions } from './read-csv.js';
export { Preprocessor, compareClassNames, type PreprocessorSpec, type ColumnTransform, type RawCsv, type FitPreprocessorOptions, type TransformOptions } from './preprocessor.js';
export { saveModelSidecars, readPreprocessor, findPreprocessor, findClassNames, readTrainingHistory, PREPROCESS_FILE, LABELS_FILE } from './model-sidecars.js';
export { encodeForModel, type EncodeForModelOptions, type ModelRows } from './model-rows.js';
export { loadDataset, type DataSpec, type TrainingData, type LoadedData } from './load-dataset.js';
export { open, openTable, isTabularPath, type Dataset, type TableDataset, type ArrayDataset, type OpenOptions } from './open.js';
export { csvRow, csvField } from './csv-writer.js';
export { profileDataset } from './profile-dataset.js';
export type { DatasetProfile, ProfileOptions, LabelProfile, LeakageProfile, ConflictGroup } from './profile-dataset.js';
export type { ColumnProfile } from './column-accumulator.js';
export { result, featureColumns, notRunResult, ranStatus, failsGate, SEVERITY_RANK } from './check.js';
export type { Check, CheckContext, CheckResult, CheckStatus, Evidence, EvidenceValue, Severity, OutlierScan, TextScans } from './check.js';
export { CHECK_FACTORIES, CHECK_IDS, createChecks } from './check-registry.js';
export type { CheckId, CheckOptionsById, ChecksConfig } from './check-registry.js';
export { MissingValuesCheck } from './checks/missing-values-check.js';
export { ConstantFeaturesCheck } from './checks/constant-features-check.js';
export { MixedTypesCheck } from './checks/mixed-types-check.js';
export { DuplicatesCheck } from './checks/duplicates-check.js';
export { ConflictingLabelsCheck } from './checks/conflicting-labels-check.js';
export { ClassImbalanceCheck } from './checks/class-imbalance-check.js';
export { OutliersCheck } from './checks/outliers-check.js';
export { TrainTestLeakageCheck } from './checks/train-test-leakage-check.js';
export { FeatureDriftCheck } from './checks/feature-drift-check.js';
export { LabelDriftCheck } from './checks/label-drift-check.js';
export { LabelIssuesCheck } from './checks/label-issues-check.js';
export { runChecks, runChecksDetailed } from './run-checks.js';
export type { RunChecksInput, RunChecksConfig, CheckReport, CheckRun } from './run-checks.js';
export { findLabelIssues } from './confident-learning.js';
export type { LabelIssueReport, LabelIssueOptions, LabelIssueFilter } from './confident-learning.js';
export { probabilityMatrix, openNpyProbabilities } from './probability-source.js';
export type { ProbabilitySource, ProbabilityBatch } from './probability-source.js';
export {
  ksTwoSample,
  mannWhitneyU,
  chiSquareHomogeneity,
  populationStabilityIndex,
  adjustPValues,
  quantileSorted,
} from './statistics.js';
export type { Correction, TestResult } from './statistics.js';
export { clean } from './clean.js';
export type { CleanOptions, CleanSummary } from './clean.js';
export { classWeights, randomOversample, randomUndersample, smote } from './resample.js';
export type { ResampleOptions, SmoteOptions } from './resample.js';
export { renderHtmlReport } from './html-report.js';
export { qualityFigures, type QualityFigureOptions } from './quality-figures/index.js';
export { pixelShape, pixelPlace, type PixelShape } from './pixel-shape.js';
export type { ReportMeta } from './html-report.js';
export { checkData, dataCheckDocument, type CheckDataOptions, type DataCheck } from './check-data.js';
export { crossValProbabilities } from './cross-val-probabilities.js';
export type { CrossValOptions, CrossValResult } from './cross-val-probabilities.js';
export { standardizedFeatures } from './feature-matrix.js';
export type { FeatureMatrixOptions } from './feature-matrix.js';
export { TABLE_CHECK_IDS, IMAGE_CHECK_IDS, TEXT_CHECK_IDS, PIXEL_CHECK_IDS } from './check-registry.js';
export { runPixelChecks, PIXEL_SAMPLE_ROWS } from './pixel-checks.js';
export { scanTexts, comparisonForm, encodingProblem, textCopyGroups } from './text-scan.js';
export { textWords, normalizeText, preTokenize, type NormalizerSpec } from './words.js';
export { columnIndex, TextColumnGuard } from './columns.js';
export type { TextScan, TextScanOptions, EncodingProblem, EncodingProblemKind } from './text-scan.js';
export { bagOfWords } from './text-features.js';
export type { BagOfWordsOptions } from './text-features.js';
export { shingleHashes, minhashSeeds, minhashInto, signatureSimilarity, nearDuplicateTexts, nearCopyGroups, matchAcross, MINHASH_SLOTS, NEAR_COPY_SIMILARITY } from './minhash.js';
export type { TextMatch } from './minhash.js';
export { EmptyTextsCheck } from './checks/empty-texts-check.js';
export { DuplicateTextsCheck, exactTextCopies } from './checks/duplicate-texts-check.js';
export { TextLeakageCheck } from './checks/text-leakage-check.js';
export { TextDriftCheck } from './checks/text-drift-check.js';
export { TextEncodingCheck } from './checks/text-encoding-check.js';
export type { EmptyTextsOptions } from './checks/empty-texts-check.js';
export type { DuplicateTextsOptions } from './checks/duplicate-texts-check.js';
export type { TextLeakageOptions } from './checks/text-leakage-check.js';
export type { TextDriftOptions } from './checks/text-drift-check.js';
export type { TextEncodingOptions } from './checks/text-encoding-check.js';
export type { CrossValidationInput } from './run-checks.js';
export { UnreadableImagesCheck } from './checks/unreadable-images-check.js';
export { DuplicateImagesCheck } from './checks/duplicate-images-check.js';
export { ImageShapeMismatchCheck } from './checks/image-shape-mismatch-check.js';
export { decodeImage, imageFormat, luminance, resizePlane } from '../io/index.js';
export type { DecodedImage, ImageFormat } from '../io/index.js';
export { perceptualHash, hammingDistance, nearDuplicateHashes } from './perceptual-hash.js';
export { scanArray, ImageScanBuilder, thumbDistance, THUMB_SIDE } from './image-scan.js';
export type { ImageScan, UnreadableImage } from './image-scan.js';
export { listImageFolder, scanImageFolder, loadImageFolder, majorityShape } from './image-folder.js';
export type { ImageFolderEntry, ImageFolderListing, LoadImageFolderOptions } from './image-folder.js';
export { openTensorDataset } from './tensor-dataset.js';
export type { TensorDataset, TensorDatasetInput, Pixels } from './tensor-dataset.js';
export { runImageChecks } from './run-image-checks.js';
export type { RunImageChecksInput, ImageCheckRun } from './run-image-checks.js';
// The options of each check, for typed check configurations.
export type { ClassImbalanceOptions } from './checks/class-imbalance-check.js';
export type { ConflictingLabelsOptions } from './checks/conflicting-labels-check.js';
export type { ConstantFeaturesOptions } from './checks/constant-features-check.js';
export type { DuplicateImagesOptions } from './checks/duplicate-images-check.js';
export type { DuplicatesOptions } from './checks/duplicates-check.js';
export type { FeatureDriftOptions } from './checks/feature-drift-check.js';
export type { ImageShapeMismatchOptions } from './checks/image-shape-mismatch-check.js';
export type { LabelDriftOptions } from './checks/label-drift-check.js';
export type { LabelIssuesOptions } from './checks/label-issues-check.js';
export type { MissingValuesOptions } from './checks/missing-values-check.js';
export type { MixedTypesOptions } from './checks/mixed-types-check.js';
export type { OutliersOptions } from './checks/outliers-check.js';
export type { TrainTestLeakageOptions } from './checks/train-test-leakage-check.js';
export type { UnreadableImagesOptions } from './checks/unreadable-images-check.js';
export type { OutlierCandidates } from './column-accumulator.js';
