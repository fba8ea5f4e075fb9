import type { FrozenTrial } from '../tune/index.js';

/**
 * Largest number of trials running at the same time, from their start and completion times.
 * @example `maxConcurrency(trials) // 4 when four workers overlapped`
 */
export function maxConcurrency(trials: readonly FrozenTrial[]): number {
  const events: [number, number][] = [];
  for (const t of trials) {
    if (t.startedAt === null) continue;
    events.push([t.startedAt, 1], [t.completedAt ?? Number.POSITIVE_INFINITY, -1]);
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  for (const [, d] of events) max = Math.max(max, (now += d));
  return max;
}
