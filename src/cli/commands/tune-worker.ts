/**
 * Entry of one `keel tune --workers K` process: `node tune-worker.js '<TuneSpec JSON>' <index>`.
 * Runs the study's reserved (WAITING) trials until none is left, then exits 0; on error it prints
 * `keel: CODE: message` and exits with the error's code (2 usage, 3 other). Started by `tune.ts`, never by users.
 */
import { exitCodeOf } from '../../core/index.js';
import { formatError } from '../report.js';
import { runTuneWorker } from './tune.js';
import type { TuneSpec } from './tune-task.js';

const [json, index] = process.argv.slice(2);
try {
  await runTuneWorker(JSON.parse(json ?? '{}') as TuneSpec, Number(index ?? 0));
} catch (e) {
  process.stderr.write(`${formatError(e, false)}\n`);
  process.exitCode = exitCodeOf(e);
}
