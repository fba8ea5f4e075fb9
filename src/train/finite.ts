import { TrainingError } from '../core/index.js';

/**
 * Stops training on a loss that is NaN or infinite: TrainingError `LOSS_NOT_FINITE` naming the
 * epoch and the batch (1-based), so no diverged model is ever written as a result.
 * @example `assertFiniteLoss(losses[i], { epoch: 3, batch: 17 });`
 */
export function assertFiniteLoss(loss: number, at: { readonly epoch: number; readonly batch: number }): void {
  if (Number.isFinite(loss)) return;
  throw new TrainingError(
    'LOSS_NOT_FINITE',
    `The training loss became ${loss} at epoch ${at.epoch}, batch ${at.batch}: training diverged and no model was written. Lower the learning rate (--lr), scale the inputs, or check them for extreme values.`,
    { loss: String(loss), epoch: at.epoch, batch: at.batch },
  );
}

/**
 * TrainingError `WEIGHTS_NOT_FINITE` when a trained weight is NaN or infinite (the model is not
 * written).
 * @example `assertFiniteWeights(step.params, 'after epoch 3');`
 */
export function assertFiniteWeights(weights: Float32Array, when: string): void {
  for (let i = 0; i < weights.length; i++) {
    if (!Number.isFinite(weights[i]!)) {
      throw new TrainingError('WEIGHTS_NOT_FINITE', `Weight ${i} is ${weights[i]} ${when}: training diverged and no model was written. Lower the learning rate (--lr).`, { index: i, when });
    }
  }
}
