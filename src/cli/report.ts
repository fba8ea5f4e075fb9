import { isKeelError, UsageError } from '../core/index.js';

/** Exit code for an error: 2 for usage errors, 1 otherwise. */
export function exitCodeFor(e: unknown): number {
  return e instanceof UsageError ? 2 : 1;
}

/** One line for the terminal: `keel: CODE: message` (stack only with --debug). */
export function formatError(e: unknown, debug: boolean): string {
  if (debug && e instanceof Error && e.stack) return e.stack;
  if (isKeelError(e)) return `keel: ${e.code}: ${e.message.split('\n')[0] ?? ''}`;
  const msg = e instanceof Error ? e.message : String(e);
  return `keel: INTERNAL: ${msg.split('\n')[0] ?? msg} (run with --debug for details)`;
}

/** Prints one line per unit of work; a TTY gets the line rewritten in place. */
export class ProgressLine {
  private readonly tty = process.stderr.isTTY;
  update(text: string): void {
    if (this.tty) process.stderr.write(`\r\x1b[2K${text}`);
  }
  line(text: string): void {
    if (this.tty) process.stderr.write(`\r\x1b[2K`);
    process.stderr.write(`${text}\n`);
  }
}
