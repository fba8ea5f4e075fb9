import type { Figure, FigureValue, TableFigure } from './figure-types.js';

const MAX_ROWS = 500;

/**
 * The text alternative of a figure: the data it draws as a table (columns and rows), so every
 * chart can be read without seeing it. Tables are their own alternative.
 * @example `figureData({ kind: 'bar', id: 'b', title: 'T', alt: 'a', valueLabel: 'v', bars: [{ label: 'x', value: 1 }] }).rows // [['x', 1, null, null]]`
 */
export function figureData(f: Figure): { columns: string[]; rows: FigureValue[][] } {
  switch (f.kind) {
    case 'table':
      return { columns: [...f.columns], rows: f.rows.map((r) => [...r]) };
    case 'line':
      return { columns: ['series', f.xLabel, f.yLabel], rows: f.series.flatMap((s) => s.points.map(([x, y]) => [s.group !== undefined ? `${s.name} (${s.group})` : s.faint === true ? `${s.name} (raw)` : s.name, x, y])) };
    case 'scatter':
      return {
        columns: ['point', f.xLabel, f.yLabel, ...(f.colourLabel === undefined ? [] : [f.colourLabel])],
        rows: f.points.map((p, i) => [p.label ?? String(i), f.xCategories?.[p.x] ?? p.x, f.yCategories?.[p.y] ?? p.y, ...(f.colourLabel === undefined ? [] : [p.c ?? null])]),
      };
    case 'bar':
      return { columns: ['label', ...(f.bars.some((b) => b.group !== undefined) ? ['group'] : []), f.valueLabel, 'lower', 'upper'], rows: f.bars.map((b) => [b.label, ...(f.bars.some((x) => x.group !== undefined) ? [b.group ?? null] : []), b.value, b.lower ?? null, b.upper ?? null]) };
    case 'heatmap': {
      const rows: FigureValue[][] = [];
      for (let i = 0; i < f.rows; i++) for (let j = 0; j < f.cols; j++) rows.push([f.rowLabels?.[i] ?? i, f.colLabels?.[j] ?? j, f.values[i * f.cols + j] ?? null, ...(f.cellText === undefined ? [] : [f.cellText[i * f.cols + j]?.replace('\n', ' ') ?? null])]);
      return { columns: [f.rowTitle ?? 'row', f.colTitle ?? 'column', f.colourLabel ?? 'value', ...(f.cellText === undefined ? [] : ['shown'])], rows };
    }
    case 'parallel':
      return { columns: ['line', ...f.axes, f.scoreLabel ?? 'score'], rows: f.lines.map((l, i) => [l.label ?? String(i), ...l.values.map((v, k) => f.categories?.[k]?.[v] ?? v), l.score]) };
    case 'contour':
      return { columns: ['point', f.xLabel, f.yLabel, f.colourLabel], rows: f.points.map((p, i) => [p.label ?? String(i), p.x, p.y, p.c ?? null]) };
    case 'timeline':
      return { columns: ['label', 'state', 'start', 'end', 'duration'], rows: f.spans.map((s) => [s.label, s.state, s.start, s.end, s.end - s.start]) };
    case 'image':
      return { columns: ['image', 'description'], rows: [[f.title, f.alt]] };
    case 'histogram':
      return { columns: ['series', 'from', 'to', f.yLabel], rows: f.series.flatMap((s) => s.values.map((v, i) => [s.name, f.edges[i] ?? null, f.edges[i + 1] ?? null, v])) };
    case 'strip':
      return { columns: [f.xLabel, 'flag'], rows: f.values.map((v, i) => [v, f.labels[f.flagged[i] === true ? 1 : 0]]) };
    case 'gallery': {
      const keys = [...new Set(f.items.flatMap((it) => it.fields.map(([k]) => k)))];
      const hasText = f.items.some((it) => it.text !== undefined);
      return {
        columns: ['example', ...(hasText ? ['text'] : []), ...keys],
        rows: f.items.map((it) => [it.label, ...(hasText ? [it.text ?? null] : []), ...keys.map((k) => it.fields.find(([name]) => name === k)?.[1] ?? null)]),
      };
    }
    case 'tokens':
      return { columns: ['text', 'position', 'token', 'score'], rows: f.texts.flatMap((t) => t.tokens.map((tok, i) => [t.label, i, tok, t.scores[i] ?? null])) };
  }
}

/** A figure's data as a {@link TableFigure} (capped at 500 rows). */
export function dataTable(f: Figure): TableFigure {
  const { columns, rows } = figureData(f);
  return { kind: 'table', id: `${f.id}-data`, title: `Data of: ${f.title}`, alt: f.alt, columns, rows: rows.slice(0, MAX_ROWS) };
}
