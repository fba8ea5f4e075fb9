import type { CommanderError } from 'commander';
import { escapeControl, isKeelError } from '../core/index.js';

/**
 * Writes one `keel: note: ...` line to stderr (escaped like errors): what a command says once
 * about how it ran, e.g. a model run on onnxruntime directly.
 * @example `cliNote(inferenceOnlyNote(blocked));`
 */
export function cliNote(message: string): void {
  process.stderr.write(`keel: note: ${escapeControl(message)}\n`);
}

/**
 * One line for the terminal: `keel: CODE: message` (stack only with --debug). This is the one
 * place errors reach the terminal, so control characters from data are escaped here.
 */
export function formatError(e: unknown, debug: boolean): string {
  if (debug && e instanceof Error && e.stack) return escapeControl(e.stack).replace(/\\n/g, '\n');
  if (isKeelError(e)) return `keel: ${e.code}: ${escapeControl(e.message.split('\n')[0] ?? '')}`;
  const msg = e instanceof Error ? e.message : String(e);
  return `keel: INTERNAL: ${escapeControl(msg.split('\n')[0] ?? msg)} (run with --debug for details)`;
}

const COMMANDER_CODES: Readonly<Record<string, string>> = {
  'commander.missingMandatoryOptionValue': 'MISSING_OPTION',
  'commander.optionMissingArgument': 'MISSING_OPTION_VALUE',
  'commander.missingArgument': 'MISSING_ARGUMENT',
  'commander.unknownOption': 'UNKNOWN_OPTION',
  'commander.unknownCommand': 'UNKNOWN_COMMAND',
  'commander.excessArguments': 'EXCESS_ARGUMENTS',
  'commander.invalidArgument': 'CLI_OPTION',
  'commander.conflictingOption': 'CONFLICTING_OPTIONS',
};

/**
 * The `keel: CODE: message` line for a command-line mistake commander found (a missing or
 * unknown option, a bad choice), pointing at the command's `--help`; undefined for help and
 * version output, which commander has already printed.
 * @example `usageLine(err, ['predict', '--out', 'p.csv']); // 'keel: MISSING_OPTION: required option ... (see keel predict --help)'`
 */
export function usageLine(e: CommanderError, argv: readonly string[]): string | undefined {
  const code = COMMANDER_CODES[e.code];
  const message = escapeControl(e.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' '));
  if (code === undefined) return e.exitCode === 0 || e.code.startsWith('commander.help') || e.code === 'commander.version' ? undefined : `keel: USAGE: ${message}`;
  const words = argv.filter((a) => !a.startsWith('-'));
  const command = code === 'UNKNOWN_COMMAND' ? '' : words[0] === 'fairness' && words[1] === 'mitigate' ? 'fairness mitigate' : (words[0] ?? '');
  return `keel: ${code}: ${message} (see keel ${command === '' ? '' : `${command} `}--help)`;
}

/**
 * A reader that closes the pipe early (`keel predict ... | head`) ends the command quietly
 * instead of printing an EPIPE stack.
 */
export function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

/** Prints one line per unit of work; a TTY gets the line rewritten in place. */
export class ProgressLine {
  private readonly tty = process.stderr.isTTY;
  update(text: string): void {
    if (this.tty && process.env['KEEL_QUIET'] !== '1') process.stderr.write(`\r\x1b[2K${escapeControl(text)}`);
  }
  line(text: string): void {
    if (this.tty) process.stderr.write(`\r\x1b[2K`);
    process.stderr.write(`${escapeControl(text)}\n`);
  }
}
