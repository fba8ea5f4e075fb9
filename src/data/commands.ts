import { Progress, UsageError } from '../core/index.js';
import { assertOutputsSafe, writeFileAtomic } from '../io/index.js';
import { failsGate, SEVERITY_RANK, type CheckStatus } from './check.js';
import { renderHtmlReport } from './html-report.js';
import { runImageChecks } from './run-image-checks.js';
import { qualityFigures } from './quality-figures/index.js';
import { runChecksDetailed, type CheckRun, type RunChecksConfig } from './run-checks.js';
import { isTensorPath } from './tensor-dataset.js';
import { ARRAY_LABEL_COLUMN, readArrayTable } from './array-table.js';

/** Arguments of {@link checkCommand}. */
export interface CheckCommandOptions {
  readonly data: string;
  readonly test?: string | undefined;
  /** Label column; required for CSV / JSON lines, ignored for images and arrays. */
  readonly target?: string | undefined;
  /** Column holding texts (CSV / JSON lines): switches to the text checks. */
  readonly text?: string | undefined;
  readonly labels?: string | undefined;
  readonly probs?: string | undefined;
  /** Cross-validation folds for label issues when `probs` is absent. */
  readonly folds?: number | undefined;
  readonly seed?: number | undefined;
  readonly json: string;
  readonly html?: string | undefined;
  readonly failOn?: 'warning' | 'error' | undefined;
  readonly config?: RunChecksConfig | undefined;
}

/**
 * `keel check`: runs the checks, writes the JSON (and optional HTML) report and returns the exit
 * code: 1 when a check at or above `failOn` (default `error`) failed, else 0. Usage problems throw
 * {@link UsageError} (the CLI exits 2); bad data throws typed `DataError`s.
 *
 * @example
 * ```ts
 * process.exitCode = await checkCommand({ data: 'train.csv', target: 'y', json: 'report.json' });
 * ```
 */
export async function checkCommand(opts: CheckCommandOptions): Promise<number> {
  const failOn = opts.failOn ?? 'error';
  if (!(failOn in SEVERITY_RANK) || failOn === ('info' as string)) {
    throw new UsageError('BAD_FAIL_ON', `--fail-on must be warning or error, got "${failOn}".`, { value: failOn });
  }
  assertOutputsSafe({ inputs: [opts.data, opts.test, opts.probs, opts.labels], outputs: [opts.json, opts.html] });
  const folds = opts.folds === undefined || opts.probs !== undefined ? undefined : opts.folds;
  const progress = folds === undefined ? undefined : new Progress({ label: 'label issues: cross-validation', total: folds, unit: 'fold', intervalMs: 0 });
  const cv = folds === undefined ? undefined : { folds, seed: opts.seed ?? 0, onFold: (f: number, acc: number) => { progress?.tick(1, `fold ${f + 1} held-out accuracy ${acc.toFixed(3)}`); } };
  let report: CheckRun;
  let files: readonly string[] | undefined;
  const arrayTable = (await isTensorPath(opts.data)) ? await readArrayTable({ data: opts.data, labels: opts.labels }) : undefined;
  if (arrayTable !== undefined) {
    const test = opts.test === undefined ? undefined : await readArrayTable({ data: opts.test });
    if (opts.test !== undefined && test === undefined) throw new UsageError('TEST_SHAPE', `${opts.test}: the training data is a 2-D table (rows × features), so the test data must be one too.`, { file: opts.test });
    report = await runChecksDetailed({ train: arrayTable, test, target: ARRAY_LABEL_COLUMN, probs: opts.probs, crossValidation: cv, config: opts.config });
  } else if (await isTensorPath(opts.data)) {
    const run = await runImageChecks({
      train: { data: opts.data, labels: opts.labels },
      test: opts.test === undefined ? undefined : { data: opts.test },
      probs: opts.probs,
      crossValidation: cv,
      config: opts.config,
    });
    report = run;
    files = run.dataset.scan.files;
  } else {
    if (opts.target === undefined) {
      throw new UsageError('TARGET_REQUIRED', `${opts.data}: tabular data needs --target <column> naming the label column.`, { file: opts.data });
    }
    report = await runChecksDetailed({ train: opts.data, test: opts.test, target: opts.target, text: opts.text, probs: opts.probs, crossValidation: cv, config: opts.config });
  }
  progress?.done();
  const count = (status: CheckStatus): number => report.checks.filter((c) => c.status === status).length;
  const json = {
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
    ...(files === undefined ? {} : { files }),
  };
  writeFileAtomic(opts.json, JSON.stringify(json, null, 2) + '\n');
  if (opts.html !== undefined) {
    const figures = await qualityFigures(report, { text: opts.text });
    writeFileAtomic(opts.html, renderHtmlReport(report.checks, { train: opts.data, test: opts.test, target: opts.target ?? 'label' }, figures));
  }
  return report.checks.some((c) => failsGate(c, failOn)) ? 1 : 0;
}
