import { Progress, escapeControl, type TerminalStream } from '../../core/index.js';
import type { FrozenTrial, StudyCallback } from '../../tune/index.js';

/**
 * One line per finished trial (its state, value or the reason it failed, and its parameters,
 * control characters escaped), and on a terminal Keel's progress bar under them with the rate
 * and the time left for `total` trials.
 *
 * @example `await study.optimize(objective, { onlyWaiting: true, callbacks: [tuneProgress(process.stderr, 20)] });`
 */
export function tuneProgress(out: TerminalStream, total: number, label = ''): StudyCallback<unknown> {
  const bar = out.isTTY === true && total > 0 ? new Progress({ label: 'tune', total, unit: 'trial', stream: out }) : undefined;
  return (_study, trial) => {
    out.write(`${bar === undefined ? '' : '\r\x1b[2K'}${label}${escapeControl(describeTrial(trial))}\n`);
    bar?.tick(1);
  };
}

/**
 * `trial 7 COMPLETE 0.1234 {"lr":0.01}`, or for a failed trial its code and stored reason.
 * @example `describeTrial(trial)`
 */
export function describeTrial(trial: FrozenTrial): string {
  const params = JSON.stringify(trial.params);
  if (trial.state === 'FAIL') {
    const code = trial.systemAttrs['failCode'];
    const reason = trial.systemAttrs['failReason'];
    return `trial ${trial.number} FAIL${typeof code === 'string' ? ` (${code})` : ''}: ${typeof reason === 'string' ? reason : 'no reason recorded'} ${params}`;
  }
  const values = trial.values === null ? '' : ` ${trial.values.map((v) => formatValue(v)).join(', ')}`;
  return `trial ${trial.number} ${trial.state}${values} ${params}`;
}

function formatValue(v: number): string {
  return Number.isInteger(v) || !Number.isFinite(v) ? String(v) : v.toPrecision(6);
}
