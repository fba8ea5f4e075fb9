import type { Figure } from '../../figure/index.js';
import type { DatasetProfile } from '../profile-dataset.js';

/** Columns and sampled rows drawn in the missing-value matrix (32 rows leave room for each row's number). */
const MAX_COLUMNS = 30;
const MAX_ROWS = 32;

/**
 * The rows whose missing cells are all known: each column lists only its first missing rows (up
 * to the evidence cap), so beyond the last row a capped column lists, its missing cells are unknown.
 */
function knownRows(cols: DatasetProfile['columns']): number {
  let limit = Infinity;
  for (const c of cols) if (c.missingRows.length < c.missing) limit = Math.min(limit, (c.missingRows[c.missingRows.length - 1] ?? -1) + 1);
  return limit;
}

/**
 * Missing values: the share missing per column (bars) and a matrix of columns × rows that have a
 * missing cell (sampled evenly in file order), so columns that go missing together show as
 * aligned marks.
 */
export function missingFigures(train: DatasetProfile): Figure[] {
  const cols = train.columns.filter((c) => c.missing > 0);
  if (cols.length === 0) return [];
  const n = train.rowCount;
  const bars: Figure = {
    kind: 'bar',
    id: 'data-missing-rate',
    title: 'Missing cells per column (training split)',
    alt: `Share of rows with a missing cell in each of the ${cols.length} columns that have any; ${cols.map((c) => `${c.name} ${((100 * c.missing) / n).toFixed(2)}%`).slice(0, 10).join(', ')}.`,
    valueLabel: 'share of rows missing',
    categoryLabel: 'column',
    bars: [...cols].sort((a, b) => b.missing - a.missing).slice(0, 40).map((c) => ({ label: c.name, value: c.missing / n })),
  };
  const shown = [...cols].sort((a, b) => b.missing - a.missing).slice(0, MAX_COLUMNS);
  const limit = knownRows(shown);
  const sets = shown.map((c) => new Set(c.missingRows));
  const all = [...new Set(shown.flatMap((c) => c.missingRows))].filter((r) => r < limit).sort((a, b) => a - b);
  const step = Math.max(1, all.length / MAX_ROWS);
  const rows = Array.from({ length: Math.min(MAX_ROWS, all.length) }, (_, k) => all[Math.floor(k * step)]!);
  if (rows.length === 0) return [bars];
  const matrix: Figure = {
    kind: 'heatmap',
    id: 'data-missing-matrix',
    title: `Missing-value matrix: ${rows.length} of ${all.length}rows with a missing cell × ${shown.length} column(s)`,
    alt: `For ${rows.length} rows that have a missing cell (sampled evenly in file order${Number.isFinite(limit) ? `, among the first ${limit} rows` : ''}), which of the columns ${shown.map((c) => c.name).slice(0, 8).join(', ')}${shown.length > 8 ? ', …' : ''} are missing.`,
    rows: shown.length,
    cols: rows.length,
    values: shown.flatMap((_, i) => rows.map((r) => (sets[i]!.has(r) ? 1 : 0))),
    rowLabels: shown.map((c) => c.name),
    colLabels: rows.map(String),
    rowTitle: 'column',
    colTitle: 'row (0-based) with a missing cell',
    categories: ['present', 'missing'],
  };
  return [bars, matrix];
}
