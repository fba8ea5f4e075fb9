import type { Command } from 'commander';
import { defineCommand } from '../define-command.js';
import type { FlagTable } from '../flags.js';
import { portNumber } from '../options.js';
import type { Runner } from './index.js';
import { serveCommand, type ServeCommandOptions } from './serve.js';

/** `keel serve`'s flags. */
export const SERVE_FLAGS: FlagTable<ServeCommandOptions> = {
  storage: { flag: '--storage <url>', help: 'tuning storage: sqlite:PATH or postgres://...' },
  root: { flag: '--root <dir>', help: 'folder scanned for runs (history.json) and audits (report.json)', default: '.' },
  host: { flag: '--host <address>', help: 'interface to bind; only 127.0.0.1 unless you ask', default: '127.0.0.1' },
  port: { flag: '--port <n>', help: 'port (0 = any free port)', parse: portNumber('--port'), default: 8080 },
};

/** `keel serve`. */
export function registerServe(program: Command, run: Runner): void {
  defineCommand(program, run, {
    name: 'serve',
    description: 'read-only local dashboard of training runs, tuning studies and audit reports',
    flags: SERVE_FLAGS,
    runsModel: false,
    action: serveCommand,
  });
}
