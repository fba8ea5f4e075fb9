#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { COMMANDS, type Runner } from './commands/index.js';
import { exitCodeFor, formatError } from './report.js';

const debug = process.argv.includes('--debug');

const run: Runner = (fn) => async (opts) => {
  try {
    await fn(opts);
  } catch (e) {
    process.stderr.write(`${formatError(e, debug)}\n`);
    process.exitCode = exitCodeFor(e);
  }
};

const program = new Command('keel').description('Trustworthy deep learning from TypeScript, on onnxruntime').option('--debug', 'print stack traces on errors').exitOverride().showHelpAfterError();
for (const register of COMMANDS) register(program, run);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exitCode = e.exitCode === 0 ? 0 : 2;
  else {
    process.stderr.write(`${formatError(e, debug)}\n`);
    process.exitCode = exitCodeFor(e);
  }
}
