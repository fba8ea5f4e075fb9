/**
 * Entry of one `keel tune --workers K` process: `node tune-worker.js '<TuneSpec JSON>' <index>`.
 * Runs the study's reserved (WAITING) trials until none is left, then exits 0; on error it prints
 * `keel: CODE: message` and exits with the error's code (2 usage, 3 other). Started by `tune.ts`, never by users.
 */
import { tuneWorkerMain } from './tune.js';

await tuneWorkerMain(process.argv);
