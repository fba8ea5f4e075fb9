import { UsageError } from '../../core/index.js';
import { checkData, dataCheckDocument, failsGate, qualityFigures, renderHtmlReport, SEVERITY_RANK, type CheckDataOptions } from '../../data/index.js';
import { assertOutputsSafe, writeFileAtomic } from '../../io/index.js';
import { snakeCaseKeys, writeJson } from '../output.js';

/** Options of `keel check`. */
export interface CheckCommandOptions extends CheckDataOptions {
  /** The JSON report: a file, or stdout for `-`. */
  readonly json: string;
  readonly html?: string | undefined;
  readonly failOn?: 'warning' | 'error' | undefined;
}

/**
 * `keel check`: runs the data checks, writes the JSON (and optional HTML) report and returns the
 * exit code: 1 when a check at or above `failOn` (default `error`) failed, else 0. Usage problems
 * throw {@link UsageError} (the CLI exits 2); bad data throws typed `DataError`s.
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
  assertOutputsSafe({ inputs: [opts.data, opts.test, opts.probs, opts.labels, opts.testLabels], outputs: [opts.json === '-' ? undefined : opts.json, opts.html] });
  const report = await checkData(opts);
  writeJson(opts.json, snakeCaseKeys(dataCheckDocument(opts, report)));
  if (opts.html !== undefined) {
    const figures = await qualityFigures(report.run, { text: opts.text });
    writeFileAtomic(opts.html, renderHtmlReport(report.checks, { train: opts.data, test: opts.test, target: opts.target ?? 'label' }, figures));
  }
  return report.checks.some((c) => failsGate(c, failOn)) ? 1 : 0;
}
