/**
 * A short search over L2 strength and dropout rate for an overfitting model spec.
 * @module
 */
import { modelFromSpec, type LayerSpec, type ModelSpec } from '../nn/index.js';
import type { EpochLogs } from './callback.js';
import { EarlyStopping } from './callbacks/early-stopping.js';
import { diagnoseFit, type Diagnosis, type Verdict } from './diagnose.js';
import { fit } from './fit.js';
import { bestEpoch, type BestEpoch, type ExtraRunOptions } from './learning-curve.js';
import type { HostTensor } from '../core/index.js';

/** One tried setting of {@link autoRegularize}. */
export interface RegularizationTrial extends BestEpoch {
  readonly l2: number;
  readonly dropout: number;
  readonly verdict: Verdict;
}

/** What `keel train --auto-regularize` writes (auto-regularize.json). */
export interface AutoRegularization {
  readonly verdict_before: Verdict;
  readonly before: BestEpoch & { readonly final_val_loss: number | null; readonly final_val_accuracy: number | null };
  /** The trial with the lowest best validation loss. */
  readonly after: RegularizationTrial;
  readonly trials: readonly RegularizationTrial[];
  /** The spec with the winning L2 and dropout. */
  readonly spec: ModelSpec;
}

/**
 * The spec with L2 on every weight layer but the head and dropout after each hidden dense layer
 * (earlier dropout layers removed).
 * @example `regularized(presetSpec('mlp', 3), 1e-4, 0.3)`
 */
export function regularized(spec: ModelSpec, l2: number, rate: number): ModelSpec {
  const layers: LayerSpec[] = [];
  const src = spec.layers.filter((l) => l.type !== 'dropout');
  src.forEach((l, i) => {
    const head = i === src.length - 1;
    if ((l.type === 'dense' || l.type === 'conv2d') && !head && l2 > 0) layers.push({ ...l, l2 });
    else layers.push(l);
    if (l.type === 'dense' && !head && rate > 0) layers.push({ type: 'dropout', rate });
  });
  return { layers };
}

/**
 * Retrains `spec` with five L2/dropout settings (each with early stopping restoring its best
 * epoch) and picks the one with the lowest best validation loss; `before` and `history` describe
 * the run being improved.
 * @example `const r = await autoRegularize(spec, x, y, { epochs: 20, validationData: val }, { outputs: 3, seed: 0, before: diagnosis, history });`
 */
export async function autoRegularize(
  spec: ModelSpec,
  x: HostTensor,
  y: HostTensor,
  o: ExtraRunOptions,
  run: { readonly outputs: number; readonly seed: number; readonly before: Diagnosis; readonly history: readonly EpochLogs[] },
  onTrial?: (t: RegularizationTrial) => void,
): Promise<AutoRegularization> {
  const trials: RegularizationTrial[] = [];
  for (const [l2, rate] of [[1e-4, 0], [1e-3, 0], [0, 0.3], [1e-4, 0.3], [1e-3, 0.5]] as const) {
    const model = modelFromSpec(regularized(spec, l2, rate), { outputs: run.outputs, seed: run.seed });
    const r = await fit(model, x, y, { ...o, callbacks: [new EarlyStopping({ patience: 3, restoreBestWeights: true })] });
    const trial = { l2, dropout: rate, verdict: diagnoseFit(r.history).verdict, ...bestEpoch(r.history) };
    trials.push(trial);
    onTrial?.(trial);
  }
  const winner = trials.reduce((a, t) => ((t.val_loss ?? Infinity) < (a.val_loss ?? Infinity) ? t : a));
  const last = run.history[run.history.length - 1];
  return {
    verdict_before: run.before.verdict,
    before: { final_val_loss: last?.['val_loss'] ?? null, final_val_accuracy: last?.['val_accuracy'] ?? null, ...bestEpoch(run.history) },
    after: winner,
    trials,
    spec: regularized(spec, winner.l2, winner.dropout),
  };
}
