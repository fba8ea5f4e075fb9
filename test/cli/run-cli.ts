import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Runs the built `keel` binary; returns exit status and both streams. */
export function keel(args: readonly string[], opts: { cwd?: string; timeoutMs?: number } = {}): { status: number; stdout: string; stderr: string } {
  const bin = join(import.meta.dirname, '../../dist/cli/keel.js');
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: opts.cwd, timeout: opts.timeoutMs ?? 120_000 });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
