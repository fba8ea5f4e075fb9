import type { HostTensor } from '../core/index.js';
import type { FitModel } from './fit-model.js';
import { gatherRows } from './batches.js';
import type { EpochLogs } from './callback.js';
import { fit, type FitOptions } from './fit.js';
import { kFolds } from './split.js';

/** Per-fold final metrics and their mean and standard deviation. */
export interface CrossValidation {
  readonly folds: readonly EpochLogs[];
  readonly mean: Readonly<Record<string, number>>;
  readonly std: Readonly<Record<string, number>>;
}

/**
 * k-fold cross-validation (stratified for classification): a fresh model per fold from
 * `build(fold)`, trained on k−1 folds and validated on the held-out one. `sampleWeights` are given
 * for all rows of `x` and follow the folds.
 * @example `const cv = await crossValidate(() => modelFromSpec('mlp', { outputs: 10 }), x, y, { k: 5, epochs: 5 });`
 */
export async function crossValidate(build: (fold: number) => FitModel | Promise<FitModel>, x: HostTensor, y: HostTensor, o: Omit<FitOptions, 'validationData' | 'validationSplit' | 'checkpointDir'> & { readonly k: number }): Promise<CrossValidation> {
  const classification = (o.loss?.task ?? 'classification') === 'classification';
  const folds: EpochLogs[] = [];
  const splits = kFolds(x.shape[0] ?? 0, o.k, o.seed ?? 0, classification ? y : undefined);
  for (const [f, s] of splits.entries()) {
    const sw = o.sampleWeights;
    const weights = sw ? { sampleWeights: Float32Array.from(s.train, (i) => sw[i]!) } : {};
    const r = await fit(await build(f), gatherRows(x, s.train), gatherRows(y, s.train), { ...o, ...weights, validationData: { x: gatherRows(x, s.val), y: gatherRows(y, s.val) } });
    const last = r.history[r.history.length - 1];
    if (last) folds.push(last);
  }
  const keys = [...new Set(folds.flatMap((f) => Object.keys(f)))].filter((k) => k !== 'epoch' && k !== 'lr');
  const mean: Record<string, number> = {};
  const std: Record<string, number> = {};
  for (const k of keys) {
    const v = folds.map((f) => f[k] ?? NaN);
    mean[k] = v.reduce((a, b) => a + b, 0) / v.length;
    std[k] = Math.sqrt(v.reduce((a, b) => a + (b - mean[k]!) ** 2, 0) / v.length);
  }
  return { folds, mean, std };
}
