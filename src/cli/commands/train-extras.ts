import { join } from 'node:path';
import { presetSpec, readModelSpec, type ModelSpec } from '../../nn/index.js';
import { autoRegularize as searchRegularization, learningCurve as measureLearningCurve, type Diagnosis, type EpochLogs, type ExtraRunOptions, type FitModel } from '../../train/index.js';
import type { TrainingData as Dataset } from '../../data/index.js';
import { writeJson } from '../output.js';
import type { TrainFitOptions } from './train-fit.js';
import { buildTrainModel } from './train-model.js';

const fixed = (v: number | null): string => v?.toFixed(4) ?? '–';

/** `--learning-curve`: retrains on 25/50/75/100% of the training rows; writes learning-curve.json. */
export async function learningCurve(o: TrainFitOptions, train: Dataset, common: ExtraRunOptions, outputs: number): Promise<void> {
  const build = async (): Promise<FitModel> => (await buildTrainModel(o, outputs, ['N', ...train.x.shape.slice(1)])).model;
  const lc = await measureLearningCurve(build, train.x, train.y, common, (p) => {
    process.stderr.write(`learning curve: ${Math.round(p.fraction * 100)}% of the rows → best val_loss ${fixed(p.val_loss)}, val_accuracy ${fixed(p.val_accuracy)}\n`);
  });
  writeJson(join(o.out, 'learning-curve.json'), lc);
  const regression = common.loss?.task === 'regression';
  process.stdout.write(`learning curve: ${lc.more_data_helps === true ? `validation ${regression ? 'loss still falls' : 'accuracy still rises'} with more data — more data would help` : 'flat from 75% to 100% — more data is unlikely to help much'}\n`);
}

function specOf(model: string, classes: number): ModelSpec {
  return model === 'mlp' || model === 'cnn' || model === 'linear' ? presetSpec(model, classes) : readModelSpec(model);
}

/**
 * `--auto-regularize`: a short search over L2 strength and dropout rate (each with early stopping
 * restoring the best epoch); writes auto-regularize.json with before/after validation metrics.
 */
export async function autoRegularize(o: TrainFitOptions, train: Dataset, common: ExtraRunOptions, before: Diagnosis, history: readonly EpochLogs[], outputs: number): Promise<void> {
  const report = await searchRegularization(specOf(o.model, outputs), train.x, train.y, common, { outputs, seed: o.seed, before, history }, (t) => {
    process.stderr.write(`auto-regularize: l2 ${t.l2}, dropout ${t.dropout} → best val_loss ${fixed(t.val_loss)}\n`);
  });
  writeJson(join(o.out, 'auto-regularize.json'), report);
  const w = report.after;
  process.stdout.write(`auto-regularize: before val_loss ${fixed(report.before.final_val_loss)} / val_accuracy ${fixed(report.before.final_val_accuracy)}; after (l2 ${w.l2}, dropout ${w.dropout}, stop at epoch ${w.epoch}) val_loss ${fixed(w.val_loss)} / val_accuracy ${fixed(w.val_accuracy)}\n`);
}
