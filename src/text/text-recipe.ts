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
  /** Decoupled weight decay (AdamW, `torch.optim.AdamW`) when above 0; 0 is plain Adam (every recipe here; `keel train --text` has no decay flag and trains with Adam). */
  readonly weightDecay: number;
  /** Dropout of the model while training (`textModel`'s default for this model). */
  readonly dropout: number;
}

/**
 * The training recipe of a text classifier: what `keel train --text` uses unless a flag says
 * otherwise, and what bench/text-sms.ts measures (and its PyTorch peer copies). Adam at `lr`
 * (`constant`, or a schedule of `LR_SCHEDULES`), batches of `batchSize`, at most `epochs`;
 * `valSplit` of the training rows are held out and the epoch with the lowest validation loss is
 * restored at the end (training stops after `patience` epochs without a better one). Chosen by
 * validation loss on rows carved from the training part of the SMS split, never the test rows
 * (bench/text-sms-recipe.ts: the models fit these messages within two epochs, then overfit; a
 * warmup + cosine schedule was no better there, and undertrains small data sets). Dropout 0.1;
 * one model changes it ({@link textRecipe}).
 */
export const TEXT_RECIPE: TextRecipe = { epochs: 10, batchSize: 32, lr: 2e-3, schedule: 'constant', valSplit: 0.1, patience: 2, weightDecay: 0, dropout: 0.1 };

/**
 * Where one model's recipe differs from {@link TEXT_RECIPE}, each chosen on validation folds of the
 * SMS training rows only (bench/text-sms-recipe.ts and its decision rule): the transformer trains
 * with dropout 0.2 (mean best validation loss 0.0305 over three folds vs 0.0339 at 0.1).
 */
const RECIPE_CHANGES: Readonly<Partial<Record<string, Partial<TextRecipe>>>> = { transformer: { dropout: 0.2 } };

/**
 * The text recipe of one model (`textcnn`, `lstm`, `gru`, `transformer`; anything else, e.g. a
 * JSON spec, gets {@link TEXT_RECIPE} as it is).
 * @example `textRecipe('transformer').dropout // 0.2`
 */
export function textRecipe(model: string): TextRecipe {
  return { ...TEXT_RECIPE, ...RECIPE_CHANGES[model] };
}

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
