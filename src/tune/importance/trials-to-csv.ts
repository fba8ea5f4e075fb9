import type { FrozenTrial } from '../trial/index.js';

/**
 * A study's trials as CSV (RFC 4180): number, state, value(s), start/end times (ISO 8601),
 * duration, one `params_<name>` column per parameter and one `user_attrs_<key>` column per
 * user attribute. Missing (conditional) parameters are empty cells.
 *
 * @example
 * ```ts
 * await writeFile('study.csv', trialsToCsv(await study.getTrials()));
 * ```
 */
export function trialsToCsv(trials: readonly FrozenTrial[]): string {
  const nValues = Math.max(1, ...trials.map((t) => t.values?.length ?? 0));
  const params = [...new Set(trials.flatMap((t) => Object.keys(t.params)))].sort();
  const attrs = [...new Set(trials.flatMap((t) => Object.keys(t.userAttrs)))].sort();
  const valueCols = nValues === 1 ? ['value'] : Array.from({ length: nValues }, (_, i) => `values_${i}`);
  const header = ['number', 'state', ...valueCols, 'datetime_start', 'datetime_complete', 'duration_ms', ...params.map((p) => `params_${p}`), ...attrs.map((a) => `user_attrs_${a}`)];
  const rows = [...trials].sort((a, b) => a.number - b.number).map((t) => [
    t.number,
    t.state,
    ...Array.from({ length: nValues }, (_, i) => t.values?.[i]),
    t.startedAt === null ? undefined : new Date(t.startedAt).toISOString(),
    t.completedAt === null ? undefined : new Date(t.completedAt).toISOString(),
    t.startedAt !== null && t.completedAt !== null ? t.completedAt - t.startedAt : undefined,
    ...params.map((p) => t.params[p]),
    ...attrs.map((a) => {
      const v = t.userAttrs[a];
      return typeof v === 'object' && v !== null ? JSON.stringify(v) : v;
    }),
  ]);
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

function cell(v: string | number | boolean | null | undefined): string {
  if (v === undefined) return '';
  const s = v === null ? 'null' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
