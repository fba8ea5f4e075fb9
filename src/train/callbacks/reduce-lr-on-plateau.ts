import { improves, resolveMode, type Callback, type CallbackState, type EpochLogs, type Mode, type TrainContext } from '../callback.js';

/** Options for {@link ReduceLROnPlateau}. */
export interface ReduceLROnPlateauOptions {
  readonly monitor?: string;
  readonly mode?: Mode;
  readonly factor?: number;
  readonly patience?: number;
  readonly minDelta?: number;
  readonly cooldown?: number;
  /** Smallest learning-rate multiplier. */
  readonly minScale?: number;
}

/**
 * Multiplies the learning rate by `factor` after `patience` epochs without improvement.
 * @example `new ReduceLROnPlateau({ factor: 0.5, patience: 2 })`
 */
export class ReduceLROnPlateau implements Callback {
  readonly name = 'reduce_lr_on_plateau';
  private best = NaN;
  private wait = 0;
  private cool = 0;
  private readonly monitor: string;
  private readonly mode: 'min' | 'max';

  constructor(private readonly opts: ReduceLROnPlateauOptions = {}) {
    this.monitor = opts.monitor ?? 'val_loss';
    this.mode = resolveMode(opts.mode ?? 'auto', this.monitor);
  }

  onTrainBegin(): void {
    this.best = NaN;
    this.wait = 0;
    this.cool = 0;
  }

  onEpochEnd(_epoch: number, logs: EpochLogs, ctx: TrainContext): void {
    const v = logs[this.monitor];
    if (v === undefined) return;
    const better = improves(v, this.best, this.mode, this.opts.minDelta ?? 1e-4);
    if (this.cool > 0) this.cool--;
    if (better) {
      this.best = v;
      this.wait = 0;
    } else if (this.cool === 0 && ++this.wait > (this.opts.patience ?? 3)) {
      ctx.lrScale = Math.max(this.opts.minScale ?? 0, ctx.lrScale * (this.opts.factor ?? 0.1));
      this.wait = 0;
      this.cool = this.opts.cooldown ?? 0;
    }
  }

  saveState(): CallbackState {
    return { json: { best: Number.isNaN(this.best) ? null : this.best, wait: this.wait, cool: this.cool } };
  }

  loadState(s: CallbackState): void {
    const j = s.json as { best: number | null; wait: number; cool: number };
    this.best = j.best ?? NaN;
    this.wait = j.wait;
    this.cool = j.cool;
  }
}
