import type { FrozenTrial, StudyCallback } from '../../tune/index.js';

/** Where progress goes: stderr, or anything with its shape. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * One line per finished trial (its state, value or the reason it failed, and its parameters),
 * and on a terminal a bar under them with the rate and the time left for `total` trials.
 *
 * @example `await study.optimize(objective, { onlyWaiting: true, callbacks: [tuneProgress(process.stderr, 20)] });`
 */
export function tuneProgress(out: ProgressStream, total: number, label = ''): StudyCallback<unknown> {
  const t0 = Date.now();
  let done = 0;
  return (_study, trial) => {
    done++;
    const clear = out.isTTY === true ? '\r\x1b[2K' : '';
    out.write(`${clear}${label}${describeTrial(trial)}\n`);
    if (out.isTTY === true && total > 0) out.write(bar(Math.min(done, total), total, Date.now() - t0));
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

function bar(done: number, total: number, elapsedMs: number): string {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const rate = done / Math.max(elapsedMs / 1000, 1e-3);
  const eta = rate > 0 ? (total - done) / rate : 0;
  return `[${'='.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} trials  ${rate.toFixed(2)}/s  ETA ${eta.toFixed(0)}s`;
}
