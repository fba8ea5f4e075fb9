import type { EpochLogs } from './callback.js';

function panel(history: readonly EpochLogs[], keys: readonly [string, string], title: string, x0: number): string {
  const w = 380;
  const h = 240;
  const pad = 40;
  const series = keys.map((k) => history.map((e) => e[k]).filter((v): v is number => v !== undefined && Number.isFinite(v)));
  const all = series.flat();
  if (all.length === 0) return '';
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const span = hi - lo || 1;
  const n = Math.max(2, history.length);
  const px = (i: number): number => x0 + pad + ((w - 2 * pad) * i) / (n - 1);
  const py = (v: number): number => 20 + pad / 2 + (h - 2 * pad) * (1 - (v - lo) / span);
  const colors = ['#1f77b4', '#d62728'];
  const lines = series.map((s, j) => (s.length ? `<polyline fill="none" stroke="${colors[j]}" stroke-width="2" points="${s.map((v, i) => `${px(i).toFixed(1)},${py(v).toFixed(1)}`).join(' ')}"/>` : '')).join('');
  const legend = keys.map((k, j) => `<text x="${x0 + w - 120}" y="${40 + 16 * j}" fill="${colors[j]}" font-size="12">${k}</text>`).join('');
  return `<g><text x="${x0 + pad}" y="20" font-size="14">${title}</text><rect x="${x0 + pad}" y="${20 + pad / 2}" width="${w - 2 * pad}" height="${h - 2 * pad}" fill="none" stroke="#999"/>` +
    `<text x="${x0 + 2}" y="${py(hi) + 4}" font-size="10">${hi.toPrecision(3)}</text><text x="${x0 + 2}" y="${py(lo) + 4}" font-size="10">${lo.toPrecision(3)}</text>` +
    `<text x="${x0 + w / 2 - 20}" y="${h + 10}" font-size="11">epoch 1–${history.length}</text>${lines}${legend}</g>`;
}

/**
 * Learning curves as a standalone SVG: loss and accuracy (regression: mean absolute error),
 * training vs validation.
 * @example `writeFileSync('curves.svg', curvesSvg(history))`
 */
export function curvesSvg(history: readonly EpochLogs[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="780" height="270" font-family="sans-serif">${panel(history, ['loss', 'val_loss'], 'loss', 0)}${history.some((h) => 'mae' in h) ? panel(history, ['mae', 'val_mae'], 'mean absolute error', 390) : panel(history, ['accuracy', 'val_accuracy'], 'accuracy', 390)}</svg>\n`;
}
