import { Progress } from '../../core/index.js';
import type { Callback, EpochLogs, TrainContext } from '../callback.js';

/**
 * Progress on a stream through Keel's one `Progress` display: inside each epoch a bar with
 * the batch rate and ETA on a TTY, or a plain line every few seconds otherwise (so a long epoch
 * never runs silently); then one line per epoch with its metrics.
 * @example `new ProgressBar(process.stderr, stepsPerEpoch)`
 */
export class ProgressBar implements Callback {
  readonly name = 'progress_bar';
  private t0 = 0;
  private progress: Progress | undefined;
  constructor(
    private readonly out: { isTTY?: boolean; write(s: string): unknown },
    private readonly stepsPerEpoch = 0,
  ) {}
  onEpochBegin(epoch: number, ctx: TrainContext): void {
    this.t0 = Date.now();
    this.progress = new Progress({ label: `epoch ${epoch}/${ctx.epochs}`, total: this.stepsPerEpoch > 0 ? this.stepsPerEpoch : undefined, unit: 'batch', stream: this.out });
  }
  onBatchEnd(_step: number, logs: { readonly loss: number }): void {
    this.progress?.tick(1, `loss ${logs.loss.toFixed(4)}`);
  }
  onEpochEnd(epoch: number, logs: EpochLogs, ctx: TrainContext): void {
    this.progress?.done();
    this.progress = undefined;
    const parts = Object.entries(logs).filter(([k]) => k !== 'epoch').map(([k, v]) => `${k} ${k === 'lr' ? v.toExponential(2) : v.toFixed(4)}`);
    this.out.write(`epoch ${epoch}/${ctx.epochs}  ${parts.join('  ')}  ${((Date.now() - this.t0) / 1000).toFixed(1)}s\n`);
  }
}
