import { emaSmooth, escapeHtml, figureHtml, pageHtml, type LineChart, type Series } from '../figure/index.js';
import { readHistory, type CatalogEntry } from './catalog.js';
import { DASHBOARD_SCRIPT_PATH, MAX_COMPARED_RUNS } from './dashboard-script.js';

export { MAX_COMPARED_RUNS };

/** What a comparison shows, read from the page's query string. */
export interface CompareQuery {
  /** Run ids (catalog order), at most {@link MAX_COMPARED_RUNS}. */
  readonly runs: readonly number[];
  /** The logged value drawn (default val_loss, else loss, else the first one logged). */
  readonly metric?: string;
  /** EMA weight in [0, 0.99] (TensorBoard's slider; default 0.6). */
  readonly smoothing: number;
  readonly logY: boolean;
  /** What was asked for and could not be honoured, said on the page. */
  readonly notes: readonly string[];
}

/**
 * Reads `run=ID` (repeated), `metric`, `smooth` and `log=1` from a query string. Unknown runs,
 * runs beyond the tenth and out-of-range smoothing are dropped with a note, never an error page.
 * @example `parseCompareQuery('run=0&run=2&metric=loss&smooth=0.8&log=1', 3).runs // [0, 2]`
 */
export function parseCompareQuery(search: string, runCount: number): CompareQuery {
  const q = new URLSearchParams(search);
  const notes: string[] = [];
  const asked = [...new Set(q.getAll('run'))];
  const valid = asked.filter((r) => /^\d{1,9}$/.test(r) && Number(r) < runCount).map(Number);
  if (valid.length < asked.length) notes.push(`${asked.length - valid.length} unknown run id(s) ignored.`);
  if (valid.length > MAX_COMPARED_RUNS) notes.push(`${valid.length} runs selected; the first ${MAX_COMPARED_RUNS} are shown.`);
  const raw = q.get('smooth');
  let smoothing = raw === null ? 0.6 : Number(raw);
  if (!(smoothing >= 0 && smoothing <= 0.99)) {
    notes.push(`smoothing must be between 0 and 0.99; using 0.6.`);
    smoothing = 0.6;
  }
  const metric = q.get('metric') ?? undefined;
  return { runs: valid.slice(0, MAX_COMPARED_RUNS), ...(metric === undefined || metric === '' ? {} : { metric }), smoothing, logY: q.get('log') === '1', notes };
}

const epochOf = (h: Readonly<Record<string, number>>, i: number): number => h['epoch'] ?? i + 1;

/**
 * The comparison chart: the metric of each run against the epoch, smoothed (EMA) with the raw
 * values faint beneath, on a linear or log y axis, through the one renderer.
 * @example `compareFigure([{ name: 'a', history: [{ epoch: 1, loss: 1 }] }], 'loss', 0.6, false)`
 */
export function compareFigure(runs: readonly { readonly name: string; readonly history: readonly Readonly<Record<string, number>>[] }[], metric: string, smoothing: number, logY: boolean): LineChart {
  const series: Series[] = runs.flatMap(({ name, history }) => {
    const rows = history.map((h, i) => [epochOf(h, i), h[metric]] as const).filter((r): r is readonly [number, number] => typeof r[1] === 'number' && Number.isFinite(r[1]));
    if (rows.length === 0) return [];
    const smoothed = emaSmooth(rows.map((r) => r[1]), smoothing);
    const full: Series = { name, points: rows.map((r, i) => [r[0], smoothed[i]!] as const) };
    return smoothing > 0 ? [{ name, points: rows, faint: true }, full] : [full];
  });
  const drawn = new Set(series.map((s) => s.name)).size;
  return {
    kind: 'line',
    id: 'compare',
    title: `${metric} by epoch`,
    alt: `${metric} of ${drawn} run(s) by epoch${smoothing > 0 ? `, smoothed by an exponential moving average (weight ${smoothing}) with the raw values faint` : ''}${logY ? ', on a log axis' : ''}.`,
    xLabel: 'epoch',
    yLabel: `${metric}${smoothing > 0 ? ' (smoothed)' : ''}`,
    series,
    ...(logY ? { logY: true } : {}),
  };
}

function controls(catalog: readonly CatalogEntry[], q: CompareQuery, metrics: readonly string[], metric: string | undefined): string {
  const runs = catalog.map((r) => `<li><label><input type="checkbox" name="run" value="${r.id}"${q.runs.includes(r.id) ? ' checked' : ''}> ${escapeHtml(r.name)}</label></li>`).join('');
  const options = metrics.map((m) => `<option value="${escapeHtml(m)}"${m === metric ? ' selected' : ''}>${escapeHtml(m)}</option>`).join('');
  return (
    `<form class="compare" action="/compare" method="get">` +
    `<fieldset><legend>Runs (up to ${MAX_COMPARED_RUNS})</legend><ul>${runs}</ul></fieldset>` +
    `<fieldset><legend>Chart</legend>` +
    `<label>Metric <select name="metric">${options}</select></label> ` +
    `<label>Smoothing <input type="range" name="smooth" min="0" max="0.99" step="0.01" value="${q.smoothing}"> <output>${q.smoothing}</output></label> ` +
    `<label><input type="checkbox" name="log" value="1"${q.logY ? ' checked' : ''}> Log scale</label> ` +
    `<button type="submit">Update</button></fieldset></form>`
  );
}

/**
 * The run comparison page: pick up to ten runs, a metric, the smoothing and a log scale; the chart
 * is drawn on the server from the query string (the dashboard's script only rebuilds the URL), so
 * it is the same SVG as every other Keel figure. Reloads every 10 s while runs train.
 * @example `comparePage(catalog.runs, parseCompareQuery('run=0&run=1', catalog.runs.length))`
 */
export function comparePage(catalog: readonly CatalogEntry[], q: CompareQuery, nav: readonly { readonly href: string; readonly label: string }[]): string {
  const chosen = q.runs.map((id) => catalog[id]!).map((e) => ({ name: e.name, history: readHistory(e) }));
  const pool = chosen.length > 0 ? chosen : catalog.map((e) => ({ name: e.name, history: readHistory(e) }));
  const metrics = [...new Set(pool.flatMap((r) => r.history.flatMap((h) => Object.keys(h))))].filter((k) => k !== 'epoch').sort();
  const notes = [...q.notes];
  let metric = q.metric;
  if (metric !== undefined && !metrics.includes(metric)) {
    notes.push(`No selected run logs "${metric}".`);
    metric = undefined;
  }
  metric ??= ['val_loss', 'loss'].find((m) => metrics.includes(m)) ?? metrics[0];
  let chart = '<p class="note">Select one or more runs.</p>';
  if (chosen.length > 0 && metric !== undefined) {
    const fig = compareFigure(chosen, metric, q.smoothing, q.logY);
    if (q.logY && chosen.some((r) => r.history.some((h) => (h[metric] ?? 1) <= 0))) notes.push(`Values ≤ 0 cannot be drawn on a log axis and are left out.`);
    chart = `<div class="figures">${figureHtml(fig)}</div>`;
  }
  const body =
    `<header class="top"><h1>Compare runs</h1><p class="note">${chosen.length} of ${catalog.length} runs · reloads every 10 s</p></header>` +
    controls(catalog, q, metrics, metric) +
    (notes.length > 0 ? `<ul class="note">${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>` : '') +
    chart;
  return pageHtml({ title: 'Compare runs', body, nav, refreshSeconds: 10, script: DASHBOARD_SCRIPT_PATH });
}
