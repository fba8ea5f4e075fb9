import type { Callback, TrainContext } from '../callback.js';

/**
 * Stops training as soon as a step's loss is NaN or infinite.
 * @example `new TerminateOnNaN()`
 */
export class TerminateOnNaN implements Callback {
  readonly name = 'terminate_on_nan';
  /** The global step whose loss was not finite (undefined if none). */
  badStep: number | undefined;
  onBatchEnd(step: number, logs: { readonly loss: number }, ctx: TrainContext): void {
    if (!Number.isFinite(logs.loss)) {
      this.badStep = step;
      ctx.stopTraining = true;
    }
  }
}
