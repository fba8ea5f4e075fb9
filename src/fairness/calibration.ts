/**
 * Expected calibration error, a score metric: `yPred` holds probabilities of the positive class.
 * @module
 */
import { UsageError } from '../core/index.js';
import { binarize, checkLength, probabilityInputs, resolvePosLabel, resolveWeights } from './validation.js';
import type { Column, MetricOptions } from './types.js';

/** Options of {@link expectedCalibrationError}. */
export interface CalibrationOptions extends MetricOptions {
  /** Number of equal-width probability bins (default 10). */
  readonly nBins?: number;
}

/**
 * Weighted expected calibration error: Σ_b (W_b / W) · |mean(p) − mean(y)| over equal-width bins
 * of the predicted probability. Returns `NaN` for an empty input.
 *
 * @example
 * ```ts
 * expectedCalibrationError([0, 1], [0.2, 0.6], { nBins: 2 }) // 0.5 * 0.2 + 0.5 * 0.4 = 0.3
 * ```
 */
export function expectedCalibrationError(yTrue: Column, yProb: Column<number>, options: CalibrationOptions = {}): number {
  const nBins = options.nBins ?? 10;
  if (!Number.isInteger(nBins) || nBins < 1) {
    throw new UsageError('INVALID_OPTION', `nBins is ${nBins}; expected a positive integer.`, { nBins });
  }
  checkLength('yProb', yProb, yTrue.length);
  const p = probabilityInputs(yProb);
  const y = binarize(yTrue, resolvePosLabel([yTrue], options.posLabel));
  const w = resolveWeights(options.sampleWeight, yTrue.length);
  const wSum = new Float64Array(nBins), pSum = new Float64Array(nBins), ySum = new Float64Array(nBins);
  let total = 0;
  for (let i = 0; i < p.length; i++) {
    const b = Math.min(nBins - 1, Math.floor(p[i]! * nBins));
    wSum[b]! += w[i]!;
    pSum[b]! += w[i]! * p[i]!;
    ySum[b]! += w[i]! * y[i]!;
    total += w[i]!;
  }
  if (!(total > 0)) return Number.NaN;
  let ece = 0;
  for (let b = 0; b < nBins; b++) {
    if (wSum[b]! > 0) ece += Math.abs(pSum[b]! - ySum[b]!) / total;
  }
  return ece;
}
