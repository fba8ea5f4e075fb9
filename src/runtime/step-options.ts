import type { Graph, TensorType, Value } from '../ir/index.js';
import type { Builder } from '../ops/index.js';
import type { ClipOptions, Optimizer } from '../optim/index.js';
import type { SessionOptions } from '../session/index.js';

/** Builds a scalar loss from the model's prediction and the target batch. */
export type TrainLoss = (b: Builder, prediction: Value, target: Value) => Value;

/** What a custom {@link TrainStepOptions.objective} can use while building the loss. */
export interface ObjectiveContext {
  readonly b: Builder;
  /** The batch and its targets. */
  readonly x: Value;
  readonly y: Value;
  /** Applies the model (with the current weights) to any input value; can be called several times. */
  forward(input: Value): Value;
  /** Marks a value as a constant for the weight gradient (e.g. adversarial inputs built from the weights). */
  stopGradient(v: Value): Value;
}

/** Options for {@link TrainStep.compile}. */
export interface TrainStepOptions {
  /** The model: `inputs[0]` is the batch, `outputs[0]` the prediction. */
  readonly model: Graph;
  readonly loss: TrainLoss;
  /** Type of one target batch, e.g. `{ dtype: 'int64', shape: ['N'] }`. */
  readonly target: TensorType;
  readonly optimizer: Optimizer;
  /**
   * Replaces `loss(model(x), y)` by any scalar built from the model, e.g. adversarial training
   * (PGD-AT, TRADES) with the attack steps compiled into the training graph.
   */
  readonly objective?: (ctx: ObjectiveContext) => Value;
  readonly clip?: ClipOptions;
  /** Which initializers to train (default: every float initializer). */
  readonly trainable?: (v: Value) => boolean;
  readonly session?: SessionOptions;
  /**
   * Non-trained buffers carried from step to step (e.g. BatchNorm running statistics): `init` is
   * a float32 model initializer, `next` a model output of the same shape giving its value after
   * the step. Carried initializers are never trained; their values are in {@link TrainStep.buffers}.
   */
  readonly carried?: readonly CarriedBuffer[];
  /** Scalar model outputs added to the loss (e.g. L1/L2 weight penalties). */
  readonly penalties?: readonly Value[];
  /**
   * Learning-rate multiplier per trained weight (discriminative learning rates, default 1): that
   * weight's update uses `lr · scale`.
   */
  readonly lrScale?: (v: Value) => number;
}

/** A buffer carried through the training loop; see {@link TrainStepOptions.carried}. */
export interface CarriedBuffer {
  readonly init: Value;
  readonly next: Value;
}
