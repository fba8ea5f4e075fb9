/**
 * The data check of one dataset (a table, an image folder or arrays) and its JSON document, as
 * `keel check` writes it.
 * @module
 */
import { Progress, UsageError } from '../core/index.js';
import type { CheckStatus } from './check.js';
import { runImageChecks } from './run-image-checks.js';
import { runChecksDetailed, type CheckReport, type CheckRun, type RunChecksConfig } from './run-checks.js';
import { ARRAY_LABEL_COLUMN, arrayDatasetTable } from './array-table.js';
import { open } from './open.js';

/** What {@link checkData} checks. */
export interface CheckDataOptions {
  readonly data: string;
  readonly test?: string | undefined;
  /** Label column; required for CSV / JSON lines, ignored for images and arrays. */
  readonly target?: string | undefined;
  /** Column holding texts (CSV / JSON lines): switches to the text checks. */
  readonly text?: string | undefined;
  readonly labels?: string | undefined;
  /** Labels of `.npy` / IDX test data (for label drift); optional. */
  readonly testLabels?: string | undefined;
  readonly probs?: string | undefined;
  /** Cross-validation folds for label issues when `probs` is absent. */
  readonly folds?: number | undefined;
  readonly seed?: number | undefined;
  readonly config?: RunChecksConfig | undefined;
}

/** The checks of a dataset, with the image files they looked at (image folders only). */
export interface DataCheck extends CheckReport {
  readonly files?: readonly string[] | undefined;
  /** Everything the checks saw (profiles, scans, the training source), for `qualityFigures`. */
  readonly run: CheckRun;
}

/**
 * Runs the data checks on a table, an image folder or arrays (cross-validated label issues with a
 * progress line when `folds` is given without `probs`). Usage problems throw `UsageError`; bad data
 * throws typed `DataError`s; a failed check is a result.
 * @example `const r = await checkData({ data: 'train.csv', target: 'y' });`
 */
export async function checkData(opts: CheckDataOptions): Promise<DataCheck> {
  const folds = opts.folds === undefined || opts.probs !== undefined ? undefined : opts.folds;
  const progress = folds === undefined ? undefined : new Progress({ label: 'label issues: cross-validation', total: folds, unit: 'fold', intervalMs: 0 });
  const cv = folds === undefined ? undefined : { folds, seed: opts.seed ?? 0, onFold: (f: number, acc: number) => { progress?.tick(1, `fold ${f + 1} held-out accuracy ${acc.toFixed(3)}`); } };
  let report: DataCheck;
  // One door: open() decides table vs arrays vs image folder (and reads the arrays it opened).
  const train = await open(opts.data, { ...(opts.config?.read ?? {}), labels: opts.labels });
  if (train.kind === 'table') {
    if (opts.target === undefined) {
      throw new UsageError('TARGET_REQUIRED', `${opts.data}: tabular data needs --target <column> naming the label column.`, { file: opts.data });
    }
    const run = await runChecksDetailed({ train: opts.data, test: opts.test, target: opts.target, text: opts.text, probs: opts.probs, crossValidation: cv, config: opts.config });
    report = { checks: run.checks, label_issues: run.label_issues, run };
  } else {
    const arrayTable = await arrayDatasetTable(train);
    if (arrayTable !== undefined) {
      const test = opts.test === undefined ? undefined : await arrayDatasetTable(await open(opts.test, { labels: opts.testLabels }));
      if (opts.test !== undefined && test === undefined) throw new UsageError('TEST_SHAPE', `${opts.test}: the training data is a 2-D table (rows × features), so the test data must be one too.`, { file: opts.test });
      const run = await runChecksDetailed({ train: arrayTable, test, target: ARRAY_LABEL_COLUMN, probs: opts.probs, crossValidation: cv, config: opts.config });
      report = { checks: run.checks, label_issues: run.label_issues, run };
    } else {
      const run = await runImageChecks({
        train: { data: opts.data, labels: opts.labels },
        test: opts.test === undefined ? undefined : { data: opts.test, labels: opts.testLabels },
        probs: opts.probs,
        crossValidation: cv,
        config: opts.config,
      });
      report = { checks: run.checks, label_issues: run.label_issues, files: run.dataset.scan.files, run };
    }
  }
  progress?.done();
  return report;
}

/**
 * The JSON document of a data check (`keel: 'data-check/1'`): what was checked, the counts by
 * status, every check and the label-issue rows.
 * @example `writeFileSync('report.json', JSON.stringify(dataCheckDocument(o, await checkData(o)), null, 2));`
 */
export function dataCheckDocument(opts: Pick<CheckDataOptions, 'data' | 'test' | 'target'>, report: DataCheck): Record<string, unknown> {
  const count = (status: CheckStatus): number => report.checks.filter((c) => c.status === status).length;
  return {
    keel: 'data-check/1',
    train: opts.data,
    test: opts.test ?? null,
    target: opts.target ?? null,
    passed: count('pass'),
    failed: count('fail') + count('warn'),
    not_run: count('not_run'),
    not_judged: count('not_judged'),
    checks: report.checks,
    label_issues: report.label_issues,
    ...(report.files === undefined ? {} : { files: report.files }),
  };
}
