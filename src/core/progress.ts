import { escapeControl, type TerminalStream } from './terminal.js';

/** Options of {@link Progress}. */
export interface ProgressOptions {
  /** What is being done, e.g. `epoch 3/10` or `fold`. */
  readonly label: string;
  /** Units of work in all (unknown: no bar and no ETA). */
  readonly total?: number | undefined;
  /** Name of one unit for the rate, e.g. `batch`, `fold`, `step`. Default `step`. */
  readonly unit?: string | undefined;
  /** Default process.stderr. */
  readonly stream?: TerminalStream | undefined;
  /**
   * Milliseconds between plain lines when the stream is not a TTY. Default: the environment's
   * `KEEL_PROGRESS_MS`, else 10 000; 0 prints a line per update.
   */
  readonly intervalMs?: number | undefined;
}

const TTY_REDRAW_MS = 100;

function defaultInterval(): number {
  const raw = process.env['KEEL_PROGRESS_MS'];
  const v = raw === undefined || raw.trim() === '' ? Number.NaN : Number(raw);
  return Number.isFinite(v) && v >= 0 ? v : 10_000;
}

/** `keel --quiet` (the environment's `KEEL_QUIET=1`, inherited by worker processes): no progress display. */
function quiet(): boolean {
  return process.env['KEEL_QUIET'] === '1';
}

function duration(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/**
 * Keel's one progress display for long work. On a TTY: a bar rewritten in place with the rate
 * and the ETA; otherwise a plain line every `intervalMs` (for logs and CI), so a long step
 * never runs silently. Notes (a loss, a fold score) are escaped before printing.
 *
 * @example
 * ```ts
 * const p = new Progress({ label: 'cross-validation', total: 5, unit: 'fold' });
 * for (let k = 0; k < 5; k++) { await fold(k); p.tick(1, `fold ${k + 1} done`); }
 * p.done();
 * ```
 */
export class Progress {
  private done_ = 0;
  private readonly t0 = Date.now();
  private lastDraw = 0;
  private lastLine: number;
  private drawn = false;
  private readonly stream: TerminalStream;
  private readonly interval: number;

  constructor(private readonly o: ProgressOptions) {
    this.stream = o.stream ?? process.stderr;
    this.interval = o.intervalMs ?? defaultInterval();
    this.lastLine = this.t0;
  }

  /** Adds `n` finished units; `note` is shown after the counts. */
  tick(n = 1, note?: string): void {
    this.set(this.done_ + n, note);
  }

  /** Sets the number of finished units. */
  set(done: number, note?: string): void {
    this.done_ = done;
    if (quiet()) return;
    const now = Date.now();
    if (this.stream.isTTY) {
      if (now - this.lastDraw < TTY_REDRAW_MS && done !== this.o.total) return;
      this.lastDraw = now;
      this.drawn = true;
      this.stream.write(`\r\x1b[2K${this.text(now, note, true)}`);
    } else if (now - this.lastLine >= this.interval) {
      this.lastLine = now;
      this.drawn = true;
      this.stream.write(`${this.text(now, note, false)}\n`);
    }
  }

  /** Ends the display: clears the bar on a TTY; prints `summary` (if any) as a line. */
  done(summary?: string): void {
    if (this.stream.isTTY && this.drawn) this.stream.write('\r\x1b[2K');
    if (summary !== undefined) this.stream.write(`${escapeControl(summary)}\n`);
  }

  private text(now: number, note: string | undefined, bar: boolean): string {
    const secs = (now - this.t0) / 1000;
    const rate = secs > 0 ? this.done_ / secs : 0;
    const unit = this.o.unit ?? 'step';
    const total = this.o.total;
    const parts = [this.o.label];
    if (total !== undefined && total > 0) {
      const f = Math.min(1, this.done_ / total);
      if (bar) parts.push(`[${'='.repeat(Math.round(f * 24)).padEnd(24, '.')}]`);
      parts.push(`${this.done_}/${total} (${Math.round(f * 100)}%)`);
    } else parts.push(`${this.done_} ${unit}s`);
    parts.push(rate >= 1 ? `${rate.toFixed(1)} ${unit}/s` : `${rate > 0 ? (1 / rate).toFixed(1) : '?'} s/${unit}`);
    if (total !== undefined && total > 0) parts.push(`ETA ${duration(rate > 0 ? (total - this.done_) / rate : Number.POSITIVE_INFINITY)}`);
    else parts.push(`${duration(secs)} elapsed`);
    if (note !== undefined) parts.push(escapeControl(note));
    return parts.join('  ');
  }
}
