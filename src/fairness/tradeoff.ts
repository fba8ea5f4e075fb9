/**
 * The accuracy/disparity trade-off as a figure: explored points, their Pareto front and the
 * model in use, drawn by the one renderer. Used by `keel fairness --html`, `keel fairness
 * mitigate` and the audit's fairness section.
 * @module
 */
import type { LineChart } from '../figure/index.js';
import { accuracyScore } from './base-metrics.js';
import { demographicParityDifference, equalizedOddsDifference } from './fairness-metrics.js';
import type { ParityConstraint } from './moments.js';
import { paretoFront } from './pareto.js';
import { ThresholdOptimizer } from './threshold-optimizer.js';
import type { Column, FeatureTable, Label, ParetoPoint } from './types.js';

/** One point of a trade-off: a model's accuracy and disparity, with a label; `chosen` marks the model in use. */
export interface TradeoffPoint extends ParetoPoint {
  readonly label: string;
  readonly chosen?: boolean;
}

/** Options of {@link tradeoffFigure}. */
export interface TradeoffFigureOptions {
  /** Element id (default 'tradeoff'). */
  readonly id?: string;
  /** Legend name of the `chosen` points (default 'written model'). */
  readonly chosenName?: string;
  /** Title (default "Accuracy against XLABEL"). */
  readonly title?: string;
}

/**
 * The trade-off between accuracy and disparity: every explored point, the Pareto front (highest
 * accuracy for each disparity, from {@link paretoFront}) joined by a line, and the chosen point.
 * @example `figureSvg(tradeoffFigure(points, 'demographic parity difference'))`
 */
export function tradeoffFigure(points: readonly TradeoffPoint[], xLabel: string, o: TradeoffFigureOptions = {}): LineChart {
  const xy = (p: ParetoPoint): readonly [number, number] => [p.disparity, p.accuracy];
  const front = paretoFront(points);
  const chosen = points.filter((p) => p.chosen === true);
  const chosenName = o.chosenName ?? 'written model';
  return {
    kind: 'line',
    id: o.id ?? 'tradeoff',
    title: o.title ?? `Accuracy against ${xLabel}`,
    alt: `Accuracy and ${xLabel} of ${points.length} candidate models; ${front.length} are on the Pareto front (no other is both more accurate and fairer)${chosen[0] ? `; ${chosenName}: ${chosen[0].label} (accuracy ${chosen[0].accuracy.toFixed(3)}, ${xLabel} ${chosen[0].disparity.toFixed(3)})` : ''}.`,
    xLabel,
    yLabel: 'accuracy',
    series: [
      { name: 'Pareto front', points: front.map(xy) },
      { name: 'candidates', points: points.map(xy), markersOnly: true },
      ...(chosen.length > 0 ? [{ name: chosenName, points: chosen.map(xy), markersOnly: true }] : []),
    ],
  };
}

/** Data of {@link thresholdTradeoff}. */
export interface ThresholdTradeoffData {
  /** A binary classifier's scores (any monotone score of the positive class). */
  readonly scores: Column<number>;
  readonly yTrue: Column;
  /** The labels the model predicts now (0/1 or the positive label), shown as "this model". */
  readonly yPred: Column;
  readonly features: FeatureTable;
  /** The one sensitive feature the trade-off is measured on. */
  readonly sensitiveFeature: string;
  readonly posLabel?: Label;
  /** Default demographic parity. */
  readonly constraint?: ParityConstraint;
}

/**
 * The trade-off group-specific thresholds can reach on these scores: a {@link ThresholdOptimizer}
 * explores tolerances (demographic parity) or mixing weights (equalized odds) on the given data,
 * and the model's own predictions are added as the `chosen` point. Fitted and scored on the same
 * rows, so it shows what post-processing could reach here, not a held-out estimate.
 * @example `tradeoffFigure(thresholdTradeoff({ scores, yTrue, yPred, features: { sex }, sensitiveFeature: 'sex' }), 'demographic parity difference')`
 */
export function thresholdTradeoff(d: ThresholdTradeoffData): TradeoffPoint[] {
  const constraint = d.constraint ?? 'demographic_parity';
  const opts = { features: d.features, sensitiveFeatures: d.sensitiveFeature, ...(d.posLabel === undefined ? {} : { posLabel: d.posLabel }) };
  const explored = new ThresholdOptimizer({ constraint }).fit(d.scores, d.yTrue, opts).explored;
  const disparity = constraint === 'demographic_parity' ? demographicParityDifference(d.yTrue, d.yPred, { ...opts, onWarning: () => undefined }) : equalizedOddsDifference(d.yTrue, d.yPred, { ...opts, onWarning: () => undefined });
  const mine: TradeoffPoint = { label: 'this model', parameter: Number.NaN, accuracy: accuracyScore(d.yTrue, d.yPred, d.posLabel === undefined ? {} : { posLabel: d.posLabel }), disparity, chosen: true };
  return [...explored.map((p) => ({ ...p, label: p.label ?? `${constraint === 'demographic_parity' ? 'tolerance' : 'mix'} ${p.parameter}` })), mine];
}
