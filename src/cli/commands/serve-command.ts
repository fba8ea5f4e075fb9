import { Option, type Command } from 'commander';
import { portNumber } from '../options.js';
import type { Runner } from './index.js';
import { serveCommand } from './serve.js';

/** `keel serve`. */
export function registerServe(program: Command, run: Runner): void {
  program
    .command('serve')
    .description('read-only local dashboard of training runs, tuning studies and audit reports')
    .option('--storage <url>', 'tuning storage: sqlite:PATH or postgres://...')
    .option('--root <dir>', 'folder scanned for runs (history.json) and audits (report.json)', '.')
    .option('--host <address>', 'interface to bind; only 127.0.0.1 unless you ask', '127.0.0.1')
    .addOption(new Option('--port <n>', 'port (0 = any free port)').argParser(portNumber('--port')).default(8080))
    .action(run(serveCommand));
}
