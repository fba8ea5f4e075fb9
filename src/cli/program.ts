import { Command, CommanderError } from 'commander';
import { exitCodeOf } from '../core/index.js';
import { assertOutputsSafe } from '../io/index.js';
import { registrations, type Runner } from './commands/index.js';
import { formatError, quietOnClosedPipe, usageLine } from './report.js';

/**
 * The `keel` command line: builds the program from the registrations `argv` needs, parses it and
 * runs the command. Errors print as one `keel: CODE: message` line and set `process.exitCode`
 * (commander's own messages, such as a missing or unknown option, included); it never throws.
 * The entry (`main.ts`, or the bundled `keel.js`) passes the package's version.
 * @example `await runCli(process.argv, '0.1.0');`
 */
export async function runCli(argv: readonly string[], version: string): Promise<void> {
  const args = argv.slice(2);
  const debug = args.includes('--debug');
  quietOnClosedPipe(process.stdout);
  const run: Runner = (fn, files) => async (opts) => {
    try {
      if (files !== undefined) assertOutputsSafe(files(opts));
      await fn(opts);
    } catch (e) {
      process.stderr.write(`${formatError(e, debug)}\n`);
      process.exitCode = exitCodeOf(e);
    }
  };
  const program = new Command('keel')
    .description('Trustworthy deep learning from TypeScript, on onnxruntime')
    .version(version, '--version', 'print the Keel version')
    .option('--debug', 'print stack traces on errors')
    .exitOverride()
    .configureOutput({ outputError: () => undefined });
  try {
    for (const register of await registrations(args)) register(program, run);
    await program.parseAsync([...argv]);
  } catch (e) {
    if (e instanceof CommanderError) {
      const line = usageLine(e, args);
      if (line !== undefined) process.stderr.write(`${line}\n`);
      process.exitCode = e.exitCode === 0 ? 0 : 2;
    } else {
      process.stderr.write(`${formatError(e, debug)}\n`);
      process.exitCode = exitCodeOf(e);
    }
  }
}
