import { join } from 'node:path';
import { Rng } from '../../core/index.js';
import { modelFromSpec, presetSpec, readModelSpec, type LayerSpec, type ModelSpec } from '../../nn/index.js';
import { diagnoseFit, EarlyStopping, fit, gatherRows, type Diagnosis, type EpochLogs, type FitOptions } from '../../train/index.js';
import type { TrainingData as Dataset } from '../../data/index.js';
import type { TrainFitOptions } from './train-fit.js';
import { writeFileAtomic } from '../../io/index.js';
import { buildTrainModel } from './train-model.js';

type Common = Omit<FitOptions, 'callbacks' | 'checkpointDir'>;

function best(h: readonly EpochLogs[]): { epoch: number; val_loss: number | null; val_accuracy: number | null; val_mae: number | null } {
  let b: EpochLogs | undefined;
  for (const e of h) if (e['val_loss'] !== undefined && (!b || e['val_loss'] < b['val_loss']!)) b = e;
  return { epoch: b?.epoch ?? 0, val_loss: b?.['val_loss'] ?? null, val_accuracy: b?.['val_accuracy'] ?? null, val_mae: b?.['val_mae'] ?? null };
}

/** `--learning-curve`: retrains on 25/50/75/100% of the training rows; writes learning-curve.json. */
export async function learningCurve(o: TrainFitOptions, train: Dataset, val: Dataset | undefined, common: Common, outputs: number): Promise<void> {
  const n = train.x.shape[0] ?? 0;
  const perm = new Rng(o.seed + 17).permutation(n);
  const points = [];
  for (const fraction of [0.25, 0.5, 0.75, 1]) {
    const idx = perm.slice(0, Math.max(1, Math.round(n * fraction))).sort();
    const { model } = await buildTrainModel(o, outputs, ['N', ...train.x.shape.slice(1)]);
    const sw = common.sampleWeights;
    const r = await fit(model, gatherRows(train.x, idx), gatherRows(train.y, idx), { ...common, ...(sw ? { sampleWeights: Float32Array.from(idx, (i) => sw[i]!) } : {}), callbacks: [new EarlyStopping({ patience: 3, restoreBestWeights: true })] });
    const last = r.history[r.history.length - 1];
    points.push({ fraction, rows: idx.length, train_accuracy: last?.['accuracy'] ?? null, train_mae: last?.['mae'] ?? null, ...best(r.history) });
    const b = best(r.history);
    process.stderr.write(`learning curve: ${Math.round(fraction * 100)}% of the rows → best val_loss ${b.val_loss?.toFixed(4) ?? '–'}, val_accuracy ${b.val_accuracy?.toFixed(4) ?? '–'}\n`);
  }
  const regression = common.loss?.task === 'regression';
  const gain = regression ? (points[2]?.val_loss ?? 0) - (points[3]?.val_loss ?? 0) : (points[3]?.val_accuracy ?? 0) - (points[2]?.val_accuracy ?? 0);
  const moreDataHelps = val ? (regression ? gain > 0.02 * (points[2]?.val_loss ?? 0) : gain > 0.005) : null;
  const rule = regression ? 'more data helps when the best validation loss falls by > 2% from 75% to 100% of the rows' : 'more data helps when best validation accuracy rises by > 0.5 points from 75% to 100% of the rows';
  writeFileAtomic(join(o.out, 'learning-curve.json'), JSON.stringify({ points, more_data_helps: moreDataHelps, rule }, null, 2));
  process.stdout.write(`learning curve: ${moreDataHelps ? `validation ${regression ? 'loss still falls' : 'accuracy still rises'} with more data — more data would help` : 'flat from 75% to 100% — more data is unlikely to help much'}\n`);
}

function specOf(model: string, classes: number): ModelSpec {
  return model === 'mlp' || model === 'cnn' || model === 'linear' ? presetSpec(model, classes) : readModelSpec(model);
}

/** Adds L2 to every weight layer but the head and sets dropout after hidden dense layers. */
function regularized(spec: ModelSpec, l2: number, rate: number): ModelSpec {
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
 * `--auto-regularize`: a short search over L2 strength and dropout rate (each with early stopping
 * restoring the best epoch); writes auto-regularize.json with before/after validation metrics.
 */
export async function autoRegularize(o: TrainFitOptions, train: Dataset, _val: Dataset | undefined, common: Common, before: Diagnosis, history: readonly EpochLogs[], outputs: number): Promise<void> {
  const spec = specOf(o.model, outputs);
  const trials = [];
  for (const [l2, rate] of [[1e-4, 0], [1e-3, 0], [0, 0.3], [1e-4, 0.3], [1e-3, 0.5]] as const) {
    const model = modelFromSpec(regularized(spec, l2, rate), { outputs, seed: o.seed });
    const r = await fit(model, train.x, train.y, { ...common, callbacks: [new EarlyStopping({ patience: 3, restoreBestWeights: true })] });
    trials.push({ l2, dropout: rate, verdict: diagnoseFit(r.history).verdict, ...best(r.history) });
    process.stderr.write(`auto-regularize: l2 ${l2}, dropout ${rate} → best val_loss ${best(r.history).val_loss?.toFixed(4) ?? '–'}\n`);
  }
  const winner = trials.reduce((a, t) => ((t.val_loss ?? Infinity) < (a.val_loss ?? Infinity) ? t : a));
  const last = history[history.length - 1];
  const report = {
    verdict_before: before.verdict,
    before: { final_val_loss: last?.['val_loss'] ?? null, final_val_accuracy: last?.['val_accuracy'] ?? null, ...best(history) },
    after: winner,
    trials,
    spec: regularized(spec, winner.l2, winner.dropout),
  };
  writeFileAtomic(join(o.out, 'auto-regularize.json'), JSON.stringify(report, null, 2));
  process.stdout.write(`auto-regularize: before val_loss ${report.before.final_val_loss?.toFixed(4) ?? '–'} / val_accuracy ${report.before.final_val_accuracy?.toFixed(4) ?? '–'}; after (l2 ${winner.l2}, dropout ${winner.dropout}, stop at epoch ${winner.epoch}) val_loss ${winner.val_loss?.toFixed(4) ?? '–'} / val_accuracy ${winner.val_accuracy?.toFixed(4) ?? '–'}\n`);
}
