import type { HostTensor } from '../core/index.js';
import type { Loss } from '../nn/index.js';
import type { Optimizer, OptimizerName } from '../optim/index.js';
import type { Dim, Value } from '../ir/index.js';
import type { ObjectiveContext, SessionOptions } from '../runtime/index.js';
import type { Augmentation } from './augment.js';
import type { Callback, EpochLogs, WeightSnapshot } from './callback.js';
import type { LrSchedule } from './lr-schedule.js';

/** Options for {@link fit}. */
export interface FitOptions {
  readonly epochs: number;
  readonly batchSize?: number;
  readonly optimizer?: Optimizer | OptimizerName;
  /**
   * Weight decay of a named `optimizer` (`adamw`: decoupled, as `torch.optim.AdamW`; the others add
   * it to the gradient). Default: the optimizer's own (0; `adamw` 0.01). An `Optimizer` object
   * carries its own, so giving both is `OPTIMIZER_OPTION`.
   */
  readonly weightDecay?: number;
  /** Base learning rate (default 1e-3). */
  readonly lr?: number;
  readonly schedule?: LrSchedule;
  /** Default: softmax cross-entropy. */
  readonly loss?: Loss;
  /** Per-class loss weights (classification). */
  readonly classWeights?: readonly number[];
  /** Per-row loss weights. */
  readonly sampleWeights?: Float32Array;
  /** Hold out this fraction (stratified for classification) unless `validationData` is given. */
  readonly validationSplit?: number;
  readonly validationData?: { readonly x: HostTensor; readonly y: HostTensor };
  readonly seed?: number;
  readonly shuffle?: boolean;
  readonly callbacks?: readonly Callback[];
  readonly augment?: readonly Augmentation[];
  /** Optimizer steps per runtime call (default 16). */
  readonly stepsPerCall?: number;
  /** Training rows (seeded sample) scored in inference mode for `accuracy` each epoch (default 2000; 0 skips). */
  readonly trainEvalRows?: number;
  /**
   * Replaces the loss by any scalar built from the model (see `TrainStep`'s `objective`), e.g.
   * adversarial training with the attack compiled into the step. Its `y` is the packed target
   * [N, W] of {@link Loss} (wrap label-based objectives with {@link withClassLabels}), or `y`
   * itself when {@link FitOptions.target} is given.
   */
  readonly objective?: (ctx: ObjectiveContext) => Value;
  /**
   * Feed `y` to the objective as it is, with this row type (e.g. teacher logits for distillation,
   * weighted labels for a fairness penalty). Needs `objective`; epochs then log the loss only.
   */
  readonly target?: { readonly dtype: 'float32' | 'int64'; readonly shape: readonly Dim[] };
  /** Weights (initializer names) kept fixed: they get no gradient node and no optimizer state. */
  readonly frozen?: Iterable<string>;
  /** Learning-rate multiplier per weight name (discriminative learning rates; default 1). */
  readonly lrFactors?: ReadonlyMap<string, number>;
  /** Write `checkpoint.bin` here after every epoch, and resume from it when present. */
  readonly checkpointDir?: string;
  readonly session?: SessionOptions;
  /** File names for error messages. */
  readonly source?: { readonly data?: string; readonly labels?: string };
}

/** What {@link fit} returns. */
export interface FitResult {
  readonly history: EpochLogs[];
  /** The epoch training resumed after (0 for a fresh run). */
  readonly resumedFrom: number;
  readonly stoppedEarly: boolean;
  /** Final flat weights (after any restore of best weights). */
  readonly weights: WeightSnapshot;
}

