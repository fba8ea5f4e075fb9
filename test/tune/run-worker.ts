import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** How a tune-worker.mjs process ended, with everything it printed. */
export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The repository root (workers run from here and import dist/). */
export const REPO_ROOT = join(import.meta.dirname, '..', '..');
const worker = join(import.meta.dirname, 'tune-worker.mjs');

/** Runs `node test/tune/tune-worker.mjs ...args` from the repository root and waits for it to exit. */
export function runWorker(args: readonly string[]): Promise<WorkerExit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({ code, signal, stdout, stderr });
    });
  });
}
