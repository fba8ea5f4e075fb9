import type { Callback, EpochLogs, TrainContext } from '../callback.js';

/**
 * Progress on a stream: a bar rewritten in place on a TTY, one line per epoch otherwise.
 * @example `new ProgressBar(process.stderr)`
 */
export class ProgressBar implements Callback {
  readonly name = 'progress_bar';
  private t0 = 0;
  private stepsInEpoch = 0;
  constructor(
    private readonly out: { isTTY?: boolean; write(s: string): unknown },
    private readonly stepsPerEpoch = 0,
  ) {}
  onEpochBegin(): void {
    this.t0 = Date.now();
    this.stepsInEpoch = 0;
  }
  onBatchEnd(_step: number, logs: { readonly loss: number }, ctx: TrainContext): void {
    this.stepsInEpoch++;
    if (!this.out.isTTY || this.stepsPerEpoch === 0) return;
    const done = Math.min(1, this.stepsInEpoch / this.stepsPerEpoch);
    const bar = '='.repeat(Math.round(done * 30)).padEnd(30, '.');
    this.out.write(`\r\x1b[2Kepoch ${ctx.history.length + 1}/${ctx.epochs} [${bar}] loss ${logs.loss.toFixed(4)}`);
  }
  onEpochEnd(epoch: number, logs: EpochLogs, ctx: TrainContext): void {
    const parts = Object.entries(logs).filter(([k]) => k !== 'epoch').map(([k, v]) => `${k} ${k === 'lr' ? v.toExponential(2) : v.toFixed(4)}`);
    this.out.write(`${this.out.isTTY ? '\r\x1b[2K' : ''}epoch ${epoch}/${ctx.epochs}  ${parts.join('  ')}  ${((Date.now() - this.t0) / 1000).toFixed(1)}s\n`);
  }
}
