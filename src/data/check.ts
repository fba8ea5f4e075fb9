import type { DatasetProfile } from './profile-dataset.js';
import type { LabelIssueReport } from './confident-learning.js';
import type { ImageScan } from './image-scan.js';
import type { TextScan } from './text-scan.js';
import type { PixelShape } from './pixel-shape.js';

/** How bad a failed check is. `info` never fails a run; `--fail-on` picks warning or error. */
export type Severity = 'info' | 'warning' | 'error';

/** A value in check evidence: JSON-friendly scalars or a list of numbers. */
export type EvidenceValue = string | number | boolean | null | readonly number[] | readonly string[];

/**
 * Why a check passed or failed: which rows (0-based data rows), which columns, summary statistics
 * and per-item details (e.g. one item per drifting feature).
 */
export interface Evidence {
  readonly rows: readonly number[];
  readonly columns: readonly string[];
  readonly stats: Readonly<Record<string, number>>;
  readonly items: readonly Readonly<Record<string, EvidenceValue>>[];
}

/**
 * What became of a check: `pass`; `fail` (failed, severity error) or `warn` (failed, severity
 * warning or info); `not_judged` (measured, but there is no threshold to hold it to); `not_run`
 * (it lacked an input — `reason` says which). Only `fail` and `warn` can fail a gate.
 */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'not_judged' | 'not_run';

/** The outcome of one check. A failed check is a result, never an exception. */
export interface CheckResult {
  readonly id: string;
  /** True only for status `pass`. */
  readonly passed: boolean;
  readonly status: CheckStatus;
  /** Why the check did not run (status `not_run`). */
  readonly reason?: string;
  readonly severity: Severity;
  readonly summary: string;
  readonly evidence: Evidence;
}

/**
 * The status of a check that ran: pass, or fail / warn by severity.
 * @example `ranStatus(false, 'error'); // 'fail'`
 */
export function ranStatus(passed: boolean, severity: Severity): CheckStatus {
  return passed ? 'pass' : severity === 'error' ? 'fail' : 'warn';
}

/**
 * True when a check failed (status fail or warn) at `failOn` severity or worse — what gates count.
 * @example `report.checks.some((c) => failsGate(c, 'error'))`
 */
export function failsGate(c: { readonly status?: CheckStatus | undefined; readonly passed: boolean; readonly severity: Severity }, failOn: Severity): boolean {
  const failed = c.status === undefined ? !c.passed : c.status === 'fail' || c.status === 'warn';
  return failed && SEVERITY_RANK[c.severity] >= SEVERITY_RANK[failOn];
}

/** Severities in increasing order of badness. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

/**
 * A check that could not run, with the reason (status `not_run`; never counted as passed).
 * @example `notRunResult('label_issues', 'error', 'no predicted probabilities given (pass --probs or --folds)')`
 */
export function notRunResult(id: string, severity: Severity, reason: string): CheckResult {
  return Object.freeze({ ...result(id, severity, false, `Not run: ${reason}.`), status: 'not_run' as const, reason });
}

/** The reasons a check did not run that several checks share (one spelling each). */
export const NOT_RUN_REASONS = Object.freeze({
  noText: 'no text column given (pass --text COL)',
  noTest: 'no test set given',
});

/** The text scans a text check runs on, or the `not_run` result naming the missing input. */
export type TextInputs<T> = { readonly notRun?: undefined; readonly train: TextScan; readonly test: T } | { readonly notRun: CheckResult };

/**
 * The text scans a text check needs: the training split's, and with `needsTest` the test
 * split's too; `notRun` is the check's `not_run` result when one is missing.
 * @example `const t = textInputs(this, ctx, true); if (t.notRun) return t.notRun;`
 */
export function textInputs(check: Pick<Check, 'id' | 'severity'>, ctx: CheckContext, needsTest: true): TextInputs<TextScan>;
export function textInputs(check: Pick<Check, 'id' | 'severity'>, ctx: CheckContext): TextInputs<TextScan | undefined>;
export function textInputs(check: Pick<Check, 'id' | 'severity'>, ctx: CheckContext, needsTest = false): TextInputs<TextScan | undefined> {
  const train = ctx.texts?.train;
  const test = ctx.texts?.test;
  if (train === undefined) return { notRun: notRunResult(check.id, check.severity, NOT_RUN_REASONS.noText) };
  if (needsTest && test === undefined) return { notRun: notRunResult(check.id, check.severity, NOT_RUN_REASONS.noTest) };
  return { train, test };
}

/** What every check sees: frozen profiles of the splits and optional label-issue analysis. */
export interface CheckContext {
  readonly train: DatasetProfile;
  readonly test: DatasetProfile | undefined;
  readonly target: string | undefined;
  /** Present when predicted probabilities were supplied. */
  readonly labelIssues: LabelIssueReport | undefined;
  /** Outlier scan of the training split (second pass), when the outliers check is enabled. */
  readonly outliers: OutlierScan | undefined;
  /** Shapes, hashes and decode failures of image / array data (absent for tables). */
  readonly images?: ImageScan | undefined;
  /** Scans of the text column of each split (text data only). */
  readonly texts?: TextScans | undefined;
  /**
   * The image layout of the feature columns when they are pixels (`x0`, `x1`, … in CHW order):
   * per-pixel checks then summarize per image (how many pixels, where the strongest is) instead
   * of listing pixel names.
   */
  readonly pixels?: PixelShape | undefined;
}

/** The text column of the training split and, when given, of the test split. */
export interface TextScans {
  readonly train: TextScan;
  readonly test: TextScan | undefined;
}

/** Per-column outlier counts from the second pass. */
export interface OutlierScan {
  readonly k: number;
  readonly columns: readonly {
    readonly name: string;
    readonly low: number;
    readonly high: number;
    readonly count: number;
    readonly rows: readonly number[];
  }[];
}

/**
 * A data-quality check plug-in: a stable `id`, a default `severity` and one method. `run` gets
 * profiles computed in one streaming pass and returns a {@link CheckResult}; it must not throw
 * for bad data (a failed check is a result) and must not mutate the context.
 *
 * @example
 * ```ts
 * const tooSmall: Check = {
 *   id: 'min_rows', severity: 'warning',
 *   run: (ctx) => result('min_rows', 'warning', ctx.train.rowCount >= 100, `${ctx.train.rowCount} rows`),
 * };
 * ```
 */
export interface Check {
  readonly id: string;
  readonly severity: Severity;
  run(ctx: CheckContext): CheckResult;
}

/**
 * Builds a frozen {@link CheckResult}; missing evidence parts default to empty.
 *
 * @example
 * ```ts
 * result('duplicates', 'warning', false, '3 duplicate rows', { rows: [4, 9, 12] });
 * ```
 */
export function result(
  id: string,
  severity: Severity,
  passed: boolean,
  summary: string,
  evidence: Partial<Evidence> = {},
): CheckResult {
  return Object.freeze({
    id,
    passed,
    status: ranStatus(passed, severity),
    severity,
    summary,
    evidence: Object.freeze({
      rows: evidence.rows ?? [],
      columns: evidence.columns ?? [],
      stats: evidence.stats ?? {},
      items: evidence.items ?? [],
    }),
  });
}

/**
 * Feature columns of a profile (all but the target).
 *
 * @example
 * ```ts
 * featureColumns(ctx.train).map((c) => c.name);
 * ```
 */
export function featureColumns(p: DatasetProfile): DatasetProfile['columns'] {
  return p.columns.filter((c) => c.name !== p.target);
}
