import { writeFileAtomic } from '../../io/index.js';
import type { Callback, EpochLogs, TrainContext } from '../callback.js';

/**
 * Writes the whole history after every epoch, as CSV (`.csv`) or a JSON array (otherwise).
 * Rewriting the file atomically keeps it consistent with checkpoints after a crash.
 * @example `new HistoryLogger('runs/a/history.csv')`
 */
export class HistoryLogger implements Callback {
  readonly name = 'history_logger';
  constructor(readonly path: string) {}
  onEpochEnd(_epoch: number, _logs: EpochLogs, ctx: TrainContext): void {
    writeFileAtomic(this.path, new TextEncoder().encode(this.path.endsWith('.csv') ? historyCsv(ctx.history) : JSON.stringify(ctx.history, null, 2)));
  }
}

/** History as CSV with one column per key seen in any epoch. */
export function historyCsv(history: readonly EpochLogs[]): string {
  const keys = [...new Set(history.flatMap((h) => Object.keys(h)))];
  return [keys.join(','), ...history.map((h) => keys.map((k) => (h[k] === undefined ? '' : String(h[k]))).join(','))].join('\n') + '\n';
}
