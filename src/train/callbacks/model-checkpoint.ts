import { join } from 'node:path';
import { writeFileAtomic } from '../../io/index.js';
import { improves, resolveMode, type Callback, type CallbackState, type EpochLogs, type Mode, type TrainContext } from '../callback.js';

/** Options for {@link ModelCheckpoint}. */
export interface ModelCheckpointOptions {
  /** Folder for `model.onnx` (best or latest) — written atomically (temp file + rename). */
  readonly dir: string;
  readonly monitor?: string;
  readonly mode?: Mode;
  /** Only write when the monitored metric improves (default true). */
  readonly saveBestOnly?: boolean;
  readonly fileName?: string;
}

/**
 * Writes the model as ONNX after an epoch (the best one so far by default). A crash mid-write
 * leaves the previous file intact.
 * @example `new ModelCheckpoint({ dir: 'runs/a', monitor: 'val_accuracy' })`
 */
export class ModelCheckpoint implements Callback {
  readonly name = 'model_checkpoint';
  private best = NaN;
  private readonly mode: 'min' | 'max';
  private readonly monitor: string;
  constructor(private readonly opts: ModelCheckpointOptions) {
    this.monitor = opts.monitor ?? 'val_loss';
    this.mode = resolveMode(opts.mode ?? 'auto', this.monitor);
  }
  onEpochEnd(_epoch: number, logs: EpochLogs, ctx: TrainContext): void {
    const v = logs[this.monitor] ?? logs.loss;
    const better = improves(v, this.best, this.mode);
    if (this.opts.saveBestOnly === false || better) {
      if (better) this.best = v;
      writeFileAtomic(join(this.opts.dir, this.opts.fileName ?? 'model.onnx'), ctx.exportOnnx());
    }
  }
  saveState(): CallbackState {
    return { json: { best: Number.isNaN(this.best) ? null : this.best } };
  }
  loadState(s: CallbackState): void {
    this.best = (s.json as { best: number | null }).best ?? NaN;
  }
}
