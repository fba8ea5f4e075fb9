/**
 * Multiclass support: binary metrics applied one class against the rest.
 * @module
 */
import { UsageError } from '../core/index.js';
import type { Label, Metric } from './types.js';

/**
 * One binary metric per class, each with that class as `posLabel`; feed the result to
 * {@link MetricFrame} to get per-class disparities.
 *
 * @example
 * ```ts
 * const metrics = oneVsRest(truePositiveRate, ['a', 'b', 'c'], 'tpr');
 * // { 'tpr[a]': ..., 'tpr[b]': ..., 'tpr[c]': ... }
 * new MetricFrame({ metrics, yTrue, yPred, features, sensitiveFeatures: 'sex' }).difference();
 * ```
 */
export function oneVsRest(metric: Metric, classes: readonly Label[], name = metric.name || 'metric'): Record<string, Metric> {
  if (classes.length === 0) throw new UsageError('NO_CLASSES', `oneVsRest(${name}) got an empty list of classes; pass the class labels to score one against the rest.`, { metric: name });
  const out: Record<string, Metric> = {};
  for (const c of classes) {
    out[`${name}[${String(c)}]`] = (yTrue, yPred, options = {}) => metric(yTrue, yPred, { ...options, posLabel: c });
  }
  return out;
}

/**
 * Unweighted mean over classes of a one-vs-rest binary metric, ignoring classes where it is `NaN`.
 * @example `macroAverage(truePositiveRate, [0, 1, 2])(yTrue, yPred) // macro recall`
 */
export function macroAverage(metric: Metric, classes: readonly Label[]): Metric {
  const perClass = Object.values(oneVsRest(metric, classes));
  return (yTrue, yPred, options) => {
    const vals = perClass.map((m) => m(yTrue, yPred, options)).filter((v) => !Number.isNaN(v));
    return vals.length === 0 ? Number.NaN : vals.reduce((a, b) => a + b, 0) / vals.length;
  };
}
