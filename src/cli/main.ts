#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { assertOutputsSafe } from '../io/index.js';
import { registrations, type Runner } from './commands/index.js';
import { exitCodeOf } from '../core/index.js';
import { formatError, quietOnClosedPipe, usageLine } from './report.js';

const debug = process.argv.includes('--debug');
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

// commander's own messages (missing or unknown options) become one `keel: CODE:` line below.
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
const program = new Command('keel')
  .description('Trustworthy deep learning from TypeScript, on onnxruntime')
  .version(version, '--version', 'print the Keel version')
  .option('--debug', 'print stack traces on errors')
  .exitOverride()
  .configureOutput({ outputError: () => undefined });
for (const register of await registrations(process.argv.slice(2))) register(program, run);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    const line = usageLine(e, process.argv.slice(2));
    if (line !== undefined) process.stderr.write(`${line}\n`);
    process.exitCode = e.exitCode === 0 ? 0 : 2;
  } else {
    process.stderr.write(`${formatError(e, debug)}\n`);
    process.exitCode = exitCodeOf(e);
  }
}
