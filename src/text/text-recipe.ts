import { AdamW } from '../optim/index.js';
import { EarlyStopping, LR_SCHEDULES, type FitOptions } from '../train/index.js';

/** The fields of {@link TEXT_RECIPE}, for callers that change one. */
export interface TextRecipe {
  readonly epochs: number;
  readonly batchSize: number;
  readonly lr: number;
  /** `constant`, or a schedule of `LR_SCHEDULES` by name. */
  readonly schedule: 'constant' | 'step' | 'cosine' | 'one_cycle';
  readonly valSplit: number;
  readonly patience: number;
  /** Decoupled weight decay (AdamW, `torch.optim.AdamW`) when above 0; 0 is plain Adam. */
  readonly weightDecay: number;
}

/**
 * The training recipe of a text classifier: what `keel train --text` uses unless a flag says
 * otherwise, and what bench/text-sms.ts measures (and its PyTorch peer copies). Adam at `lr`
 * (`constant`, or a schedule of `LR_SCHEDULES`), batches of `batchSize`, at most `epochs`;
 * `valSplit` of the training rows are held out and the epoch with the lowest validation loss is
 * restored at the end (training stops after `patience` epochs without a better one). Chosen by
 * validation loss on rows carved from the training part of the SMS split, never the test rows
 * (bench/text-sms-recipe.ts: the models fit these messages within two epochs, then overfit; a
 * warmup + cosine schedule was no better there, and undertrains small data sets).
 */
export const TEXT_RECIPE: TextRecipe = { epochs: 10, batchSize: 32, lr: 2e-3, schedule: 'constant', valSplit: 0.1, patience: 2, weightDecay: 0 };

/**
 * `fit` options of the text recipe (pass the validation rows as `validationData`): the epochs,
 * batch size, rate (and schedule, when not constant), AdamW when the recipe decays weights, and the early stopping that restores the best epoch.
 * @example `await fit(net, x, y, { ...textFitOptions(), validationData: val, seed: 0 })`
 */
export function textFitOptions(r: TextRecipe = TEXT_RECIPE): Pick<FitOptions, 'epochs' | 'batchSize' | 'lr' | 'schedule' | 'optimizer'> & { readonly callbacks: [EarlyStopping] } {
  return {
    epochs: r.epochs,
    batchSize: r.batchSize,
    lr: r.lr,
    ...(r.weightDecay > 0 ? { optimizer: new AdamW({ weightDecay: r.weightDecay }) } : {}),
    ...(r.schedule !== 'constant' ? { schedule: LR_SCHEDULES[r.schedule]() } : {}),
    callbacks: [new EarlyStopping({ monitor: 'val_loss', patience: r.patience, restoreBestWeights: true })],
  };
}
