import { commaList } from '../options.js';
import { AREA_TITLES, readAuditConfig, runAudit, writeAudit, type AuditProgress } from '../../report/index.js';

/** Options of `keel audit`. */
export interface AuditCommandOptions {
  readonly model: string;
  readonly data: string;
  readonly labels?: string;
  readonly test?: string;
  readonly testLabels?: string;
  readonly target?: string;
  readonly sensitive?: string;
  readonly config?: string;
  readonly out: string;
  readonly quiet?: boolean;
  /** Text models: the column of raw messages (default: the one the model was trained on). */
  readonly text?: string;
  /** Text models: the tokenizer.json (default: the one beside the model). */
  readonly tokenizer?: string;
}

/**
 * One line of audit progress: elapsed seconds, `[i/n] stage` and the outcome.
 * @example `progressLine({ stage: 'data', index: 2, total: 9, state: 'done', message: '8/11 checks passed', seconds: 3.2 })`
 */
export function progressLine(e: AuditProgress): string {
  const at = `${e.seconds.toFixed(1)}s`.padStart(7);
  const stage = `[${e.index}/${e.total}] ${e.stage}`;
  if (e.state === 'start') return `${at} ${stage} …`;
  if (e.state === 'note') return `${at}     ${e.message}`;
  const mark = e.state === 'done' ? '✓' : e.state === 'skipped' ? '–' : '✗';
  return `${at} ${stage} ${mark} ${e.message}`;
}

/**
 * `keel audit`: runs every audit section, writes `report.json` and `report.html` into `--out`,
 * prints each stage to stderr and sets exit code 1 when a check fails its threshold.
 * @example `await auditCommand({ model: 'cnn.onnx', data: 'x.npy', labels: 'y.npy', out: 'audit' })`
 */
export async function auditCommand(o: AuditCommandOptions): Promise<void> {
  const config = o.config === undefined ? {} : readAuditConfig(o.config);
  const report = await runAudit({
    model: o.model,
    data: o.data,
    labels: o.labels,
    test: o.test,
    testLabels: o.testLabels,
    target: o.target,
    text: o.text,
    tokenizer: o.tokenizer,
    sensitive: o.sensitive === undefined ? [] : commaList(o.sensitive),
    config,
    progress: o.quiet ? undefined : (e) => process.stderr.write(`${progressLine(e)}\n`),
  });
  const files = writeAudit(report, o.out);
  for (const a of report.areas) process.stdout.write(`${a.status.padEnd(10)} ${AREA_TITLES[a.area]}${a.notRun === undefined ? '' : ` (${a.notRun})`}\n`);
  for (const c of report.checks) {
    if (c.status === 'fail' || c.status === 'warn') process.stdout.write(`  failed ${c.id} [${c.severity}]: ${c.summary}\n`);
    else if (c.status === 'not_judged' || c.status === 'not_run') process.stdout.write(`  ${c.status.replace('_', ' ')} ${c.id}: ${c.summary}\n`);
  }
  process.stdout.write(`wrote ${files.json} and ${files.html}\ngate: ${report.passed ? 'passed' : 'failed'}\n`);
  if (!report.passed) process.exitCode = 1;
}
