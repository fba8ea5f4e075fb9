import { UsageError } from '../../core/index.js';
import { improves, resolveMode, type Callback, type CallbackState, type EpochLogs, type Mode, type TrainContext, type WeightSnapshot } from '../callback.js';

/** Options for {@link EarlyStopping}. */
export interface EarlyStoppingOptions {
  readonly monitor?: string;
  readonly mode?: Mode;
  /** Epochs without improvement before stopping. */
  readonly patience?: number;
  /** Smallest change that counts as an improvement. */
  readonly minDelta?: number;
  /** A value the metric must beat; epochs that do not beat it count against patience. */
  readonly baseline?: number;
  /** Restore the best epoch's weights at the end of training, whether or not it stopped early. */
  readonly restoreBestWeights?: boolean;
}

/**
 * Stops training when `monitor` (default `val_loss`) has not improved for `patience` epochs.
 * @example `new EarlyStopping({ patience: 5, restoreBestWeights: true })`
 */
export class EarlyStopping implements Callback {
  readonly name = 'early_stopping';
  readonly monitor: string;
  private readonly mode: 'min' | 'max';
  private best = NaN;
  private wait = 0;
  private bestWeights: WeightSnapshot | undefined;
  /** 1-based epoch with the best value (0 before the first). */
  bestEpoch = 0;
  /** Epoch at which training was stopped (0 if it ran to the end). */
  stoppedEpoch = 0;

  constructor(private readonly opts: EarlyStoppingOptions = {}) {
    this.monitor = opts.monitor ?? 'val_loss';
    this.mode = resolveMode(opts.mode ?? 'auto', this.monitor);
    if ((opts.patience ?? 0) < 0 || (opts.minDelta ?? 0) < 0) throw new UsageError('CALLBACK_OPTION', `EarlyStopping patience and minDelta must be ≥ 0, got patience ${opts.patience ?? 0} and minDelta ${opts.minDelta ?? 0}`, { patience: opts.patience ?? 0, minDelta: opts.minDelta ?? 0 });
  }

  onTrainBegin(): void {
    this.best = this.opts.baseline ?? NaN;
    this.wait = 0;
    this.bestEpoch = 0;
    this.stoppedEpoch = 0;
    this.bestWeights = undefined;
  }

  onEpochEnd(epoch: number, logs: EpochLogs, ctx: TrainContext): void {
    const v = logs[this.monitor];
    if (v === undefined) throw new UsageError('CALLBACK_MONITOR', `EarlyStopping monitors "${this.monitor}" but the logs have ${Object.keys(logs).join(', ')}; add validation data or pick another metric`, { monitor: this.monitor });
    if (improves(v, this.best, this.mode, this.opts.minDelta ?? 0)) {
      this.best = v;
      this.wait = 0;
      this.bestEpoch = epoch;
      if (this.opts.restoreBestWeights) this.bestWeights = ctx.snapshot();
      return;
    }
    this.wait++;
    if (this.wait > (this.opts.patience ?? 0)) {
      this.stoppedEpoch = epoch;
      ctx.stopTraining = true;
    }
  }

  onTrainEnd(ctx: TrainContext): void {
    if (this.opts.restoreBestWeights && this.bestWeights) ctx.restore(this.bestWeights);
  }

  saveState(): CallbackState {
    const json = { best: Number.isNaN(this.best) ? null : this.best, wait: this.wait, bestEpoch: this.bestEpoch, stoppedEpoch: this.stoppedEpoch };
    return this.bestWeights ? { json, arrays: { params: this.bestWeights.params, buffers: this.bestWeights.buffers } } : { json };
  }

  loadState(s: CallbackState): void {
    const j = s.json as { best: number | null; wait: number; bestEpoch: number; stoppedEpoch: number };
    this.best = j.best ?? NaN;
    this.wait = j.wait;
    this.bestEpoch = j.bestEpoch;
    this.stoppedEpoch = j.stoppedEpoch;
    const p = s.arrays?.['params'];
    const b = s.arrays?.['buffers'];
    this.bestWeights = p && b ? { params: p, buffers: b } : undefined;
  }
}
