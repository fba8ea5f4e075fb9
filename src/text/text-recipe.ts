import type { OptimizerName } from '../optim/index.js';
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
  /** Decoupled weight decay (AdamW, `torch.optim.AdamW`) when above 0; 0 is plain Adam (every recipe here). */
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
 * The text recipe in `keel train`'s terms: the values of its flags (`--epochs`, `--batch-size`, `--lr`,
 * `--schedule`, `--val-split`, `--early-stopping`, `--optimizer`, `--weight-decay`) and the model's
 * dropout. The one mapping from a recipe to training settings: `keel train --text` takes its defaults
 * from it and {@link textFitOptions} builds `fit`'s options from it.
 */
export interface TextTrainSettings {
  readonly epochs: number;
  readonly batchSize: number;
  readonly lr: number;
  readonly schedule: TextRecipe['schedule'];
  readonly valSplit: number;
  /** Patience of the early stopping on `val_loss` that restores the best epoch. */
  readonly earlyStopping: number;
  /** `adamw` when the recipe decays weights, else `adam`. */
  readonly optimizer: OptimizerName;
  /** The recipe's decoupled decay; absent when it has none. */
  readonly weightDecay?: number;
  readonly dropout: number;
}

/**
 * {@link TextTrainSettings} of a recipe.
 * @example `textTrainSettings(textRecipe('transformer')).dropout // 0.2`
 */
export function textTrainSettings(r: TextRecipe): TextTrainSettings {
  const { epochs, batchSize, lr, schedule, valSplit, dropout } = r;
  return { epochs, batchSize, lr, schedule, valSplit, earlyStopping: r.patience, dropout, ...(r.weightDecay > 0 ? { optimizer: 'adamw', weightDecay: r.weightDecay } : { optimizer: 'adam' }) };
}

/**
 * `fit` options of the text recipe (pass the validation rows as `validationData`; the dropout is
 * the model's, see `textModel`): the epochs, batch size, rate (and schedule, when not constant),
 * Adam (AdamW with its decay when the recipe decays weights), and the early stopping that restores
 * the best epoch. Built from the same mapping as `keel train --text`'s defaults, so the two train alike.
 * @example `await fit(net, x, y, { ...textFitOptions(), validationData: val, seed: 0 })`
 */
export function textFitOptions(r: TextRecipe = TEXT_RECIPE): Pick<FitOptions, 'epochs' | 'batchSize' | 'lr' | 'schedule' | 'optimizer' | 'weightDecay'> & { readonly callbacks: [EarlyStopping] } {
  const s = textTrainSettings(r);
  return {
    epochs: s.epochs,
    batchSize: s.batchSize,
    lr: s.lr,
    optimizer: s.optimizer,
    ...(s.weightDecay !== undefined ? { weightDecay: s.weightDecay } : {}),
    ...(s.schedule !== 'constant' ? { schedule: LR_SCHEDULES[s.schedule]() } : {}),
    callbacks: [new EarlyStopping({ patience: s.earlyStopping, restoreBestWeights: true })],
  };
}
