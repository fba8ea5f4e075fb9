import { TrialPruned, TuneError } from '../tune-error.js';
import type { Trial } from './trial.js';

/** Options of {@link PruningCallback}. */
export interface PruningCallbackOptions {
  /** Logged metric to report, e.g. `val_loss` or `val_accuracy`. */
  readonly monitor: string;
  /** Multiplier on the logged value before reporting (e.g. 100 for accuracy in %). Default 1. */
  readonly scale?: number;
  /** The last epoch of a full run: it is reported but never pruned. */
  readonly lastEpoch?: number;
}

/**
 * Tuning's pruning as a training callback: after every epoch it reports the monitored metric to
 * the trial (step = epoch) and throws {@link TrialPruned} when the study's pruner says so. It
 * fits the training loop's `Callback` hooks without importing the loop, so tune stays tensor-free.
 *
 * @example
 * ```ts
 * await fit(model, x, y, { epochs: 6, validationData, callbacks: [new PruningCallback(trial, { monitor: 'val_loss' })] });
 * ```
 */
export class PruningCallback {
  readonly name = 'trial_pruning';

  constructor(
    private readonly trial: Trial,
    private readonly o: PruningCallbackOptions,
  ) {}

  async onEpochEnd(epoch: number, logs: Readonly<Record<string, number>>): Promise<void> {
    const raw = logs[this.o.monitor];
    if (raw === undefined) throw new TuneError('PRUNING_METRIC', `the pruning callback monitors "${this.o.monitor}", which the training loop did not log; logged: ${Object.keys(logs).join(', ')} (give validation data for val_* metrics)`, { monitor: this.o.monitor });
    const value = raw * (this.o.scale ?? 1);
    await this.trial.report(value, epoch);
    if ((this.o.lastEpoch === undefined || epoch < this.o.lastEpoch) && this.trial.shouldPrune()) throw new TrialPruned(`Pruned after epoch ${epoch} (${this.o.monitor} ${value.toFixed(4)}).`);
  }
}
