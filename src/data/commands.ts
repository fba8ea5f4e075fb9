import { Progress, UsageError } from '../core/index.js';
import { assertOutputsSafe, writeFileAtomic } from '../io/index.js';
import { failsGate, SEVERITY_RANK, type CheckStatus } from './check.js';
import { clean, type CleanOptions } from './clean.js';
import { renderHtmlReport } from './html-report.js';
import { runImageChecks } from './run-image-checks.js';
import { runChecks, type CheckReport, type RunChecksConfig } from './run-checks.js';
import { isTensorPath } from './tensor-dataset.js';
import { ARRAY_LABEL_COLUMN, readArrayTable } from './array-table.js';

/** One CLI option, described once; the CLI builds parsing and `--help` from these tables. */
export interface CommandOption {
  readonly flag: string;
  readonly key: string;
  readonly description: string;
  readonly required: boolean;
  readonly choices?: readonly string[];
  /** `int`: the value is parsed as a positive integer. */
  readonly type?: 'int';
}

/**
 * Options of `keel check`.
 *
 * @example
 * ```ts
 * CHECK_COMMAND_OPTIONS.map((o) => o.flag); // ['--data <file>', '--test <file>', ...]
 * ```
 */
export const CHECK_COMMAND_OPTIONS: readonly CommandOption[] = Object.freeze([
  { flag: '--data <path>', key: 'data', description: 'training data: CSV / JSON lines (optionally .gz), an image folder (one sub-folder per class), .npy, .npz (x, y) or IDX', required: true },
  { flag: '--test <path>', key: 'test', description: 'test data of the same kind, for leakage and drift checks', required: false },
  { flag: '--target <column>', key: 'target', description: 'label column (CSV / JSON lines)', required: false },
  { flag: '--text <column>', key: 'text', description: 'column of texts: run the text checks (empty, duplicate and leaked texts, length and vocabulary drift, encoding problems; label issues from bag-of-words models)', required: false },
  { flag: '--labels <file>', key: 'labels', description: 'integer labels (.npy or IDX) for .npy / IDX data', required: false },
  { flag: '--probs <file.npy>', key: 'probs', description: 'out-of-fold predicted probabilities (n×k) for label issues', required: false },
  { flag: '--folds <k>', key: 'folds', description: 'without --probs: find label issues from k-fold cross-validation of a Keel MLP', required: false, type: 'int' },
  { flag: '--seed <n>', key: 'seed', description: 'seed of the cross-validation (default 0)', required: false, type: 'int' },
  { flag: '--json <file>', key: 'json', description: 'write the JSON report here', required: true },
  { flag: '--html <file>', key: 'html', description: 'also write a self-contained HTML report', required: false },
  { flag: '--fail-on <level>', key: 'failOn', description: 'exit 1 when a check of this severity or worse fails (default error)', required: false, choices: ['warning', 'error'] },
]);

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
  let report: CheckReport;
  let files: readonly string[] | undefined;
  const arrayTable = (await isTensorPath(opts.data)) ? await readArrayTable({ data: opts.data, labels: opts.labels }) : undefined;
  if (arrayTable !== undefined) {
    const test = opts.test === undefined ? undefined : await readArrayTable({ data: opts.test });
    if (opts.test !== undefined && test === undefined) throw new UsageError('TEST_SHAPE', `${opts.test}: the training data is a 2-D table (rows × features), so the test data must be one too.`, { file: opts.test });
    report = await runChecks({ train: arrayTable, test, target: ARRAY_LABEL_COLUMN, probs: opts.probs, crossValidation: cv, config: opts.config });
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
    report = await runChecks({ train: opts.data, test: opts.test, target: opts.target, text: opts.text, probs: opts.probs, crossValidation: cv, config: opts.config });
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
  if (opts.html !== undefined) writeFileAtomic(opts.html, renderHtmlReport(report.checks, { train: opts.data, test: opts.test, target: opts.target ?? 'label' }));
  return report.checks.some((c) => failsGate(c, failOn)) ? 1 : 0;
}

/**
 * Options of `keel clean`.
 *
 * @example
 * ```ts
 * CLEAN_COMMAND_OPTIONS.find((o) => o.key === 'labelIssues')?.choices; // ['drop', 'relabel', 'keep']
 * ```
 */
export const CLEAN_COMMAND_OPTIONS: readonly CommandOption[] = Object.freeze([
  { flag: '--data <file>', key: 'input', description: 'training data to clean (never modified)', required: true },
  { flag: '--out <file>', key: 'output', description: 'cleaned copy (CSV)', required: true },
  { flag: '--review <file>', key: 'review', description: 'CSV listing every change', required: true },
  { flag: '--target <column>', key: 'target', description: 'label column', required: false },
  { flag: '--test <file>', key: 'test', description: 'test data; rows leaked from training are dropped from its copy', required: false },
  { flag: '--test-out <file>', key: 'testOutput', description: 'cleaned copy of the test data', required: false },
  { flag: '--probs <file.npy>', key: 'probs', description: 'out-of-fold probabilities for label issues', required: false },
  { flag: '--folds <k>', key: 'folds', description: 'without --probs: label issues from k-fold cross-validation of a Keel MLP', required: false, type: 'int' },
  { flag: '--label-issues <action>', key: 'labelIssues', description: 'drop, relabel or keep label issues (default drop)', required: false, choices: ['drop', 'relabel', 'keep'] },
  { flag: '--impute <method>', key: 'impute', description: 'median-mode (default) or none', required: false, choices: ['median-mode', 'none'] },
]);

/**
 * `keel clean`: writes the cleaned copies and review CSV, prints a one-line summary through
 * `print` and returns exit code 0 (errors are thrown as typed KeelErrors).
 *
 * @example
 * ```ts
 * await cleanCommand({ input: 'a.csv', output: 'a.clean.csv', review: 'changes.csv', target: 'y' });
 * ```
 */
export async function cleanCommand(
  opts: CleanOptions & { readonly folds?: number | undefined; readonly seed?: number | undefined },
  print: (line: string) => void = (l) => process.stdout.write(l + '\n'),
): Promise<number> {
  const { folds, seed, ...rest } = opts;
  const s = await clean(folds === undefined || rest.probs !== undefined ? rest : { ...rest, crossValidation: { folds, seed: seed ?? 0 } });
  print(
    `${opts.output}: ${s.rowsOut}/${s.rowsIn} rows kept (${s.duplicatesDropped} duplicates, ${s.labelIssuesDropped} label issues dropped; ` +
      `${s.labelsChanged} relabelled; ${s.cellsImputed} cells imputed)` +
      (opts.testOutput === undefined ? '' : `; ${opts.testOutput}: ${s.testRowsOut}/${s.testRowsIn} rows kept (${s.leakedRowsDropped} leaked)`) +
      `; changes in ${opts.review}`,
  );
  return 0;
}
