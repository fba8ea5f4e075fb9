import { figuresSvg, type LineChart, type Series, type XMarker } from '../figure/index.js';
import type { EpochLogs } from './callback.js';

/** Options of {@link learningCurveFigures}. */
export interface CurveFigureOptions {
  /** Prefix of the figure ids (default 'learning-curves'). */
  readonly idPrefix?: string;
  /** Epoch to mark (default: the epoch of the lowest validation loss, when there is one). */
  readonly chosenEpoch?: number | null;
}

/** Epoch with the lowest `val_loss`, or null without validation. */
export function bestValEpoch(history: readonly Readonly<Record<string, number>>[]): number | null {
  let best: { epoch: number; v: number } | null = null;
  history.forEach((h, i) => {
    const v = h['val_loss'];
    if (v !== undefined && Number.isFinite(v) && (best === null || v < best.v)) best = { epoch: h['epoch'] ?? i + 1, v };
  });
  return (best as { epoch: number } | null)?.epoch ?? null;
}

/**
 * Learning curves as figures: loss (training and validation) and the other metrics, per epoch,
 * with the chosen epoch (lowest validation loss: the weights early stopping keeps) marked. The
 * one drawing of training history for `curves.svg`, the audit and the dashboard.
 * @example `learningCurveFigures(history).map((f) => f.id) // ['learning-curves-loss', 'learning-curves-metrics']`
 */
export function learningCurveFigures(history: readonly Readonly<Record<string, number>>[], o: CurveFigureOptions = {}): LineChart[] {
  const p = o.idPrefix ?? 'learning-curves';
  const keys = [...new Set(history.flatMap((h) => Object.keys(h)))].filter((k) => k !== 'epoch' && k !== 'lr');
  const series = (ks: readonly string[]): Series[] => ks.map((k) => ({ name: k, points: history.map((h, i) => [h['epoch'] ?? i + 1, h[k] ?? Number.NaN] as const).filter(([, v]) => Number.isFinite(v)) }));
  const loss = keys.filter((k) => k.endsWith('loss'));
  const other = keys.filter((k) => !k.endsWith('loss'));
  const chosen = o.chosenEpoch === undefined ? bestValEpoch(history) : o.chosenEpoch;
  const markers: XMarker[] = chosen === null ? [] : [{ x: chosen, label: `chosen epoch ${chosen}` }];
  const what = chosen === null ? '' : `; epoch ${chosen} (lowest validation loss) is marked`;
  const figs: LineChart[] = [{ kind: 'line', id: `${p}-loss`, title: 'Learning curves: loss', alt: `Loss per epoch over ${history.length} epochs (${loss.join(', ')})${what}.`, xLabel: 'epoch', yLabel: 'loss', series: series(loss), markers }];
  if (other.length > 0) {
    const regression = other.some((k) => k.endsWith('mae'));
    figs.push({ kind: 'line', id: `${p}-metrics`, title: `Learning curves: ${regression ? 'mean absolute error' : 'metrics'}`, alt: `Metrics per epoch (${other.join(', ')})${what}.`, xLabel: 'epoch', yLabel: regression ? 'mean absolute error' : 'value', series: series(other), markers });
  }
  return figs;
}

/**
 * Learning curves as one standalone SVG file: the loss chart and the metrics chart side by side.
 * @example `writeFileSync('curves.svg', curvesSvg(history))`
 */
export function curvesSvg(history: readonly EpochLogs[]): string {
  return figuresSvg(learningCurveFigures(history));
}
