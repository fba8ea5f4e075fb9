import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * CLI and multi-process tests run the compiled `dist/`; build it once, fresh, before any test.
 * Type errors are reported by `npm run typecheck` (its own CI step); tsc still emits JavaScript.
 */
export function setup(): void {
  const root = join(import.meta.dirname, '..');
  const r = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { encoding: 'utf8' });
  if (r.status !== 0) process.stderr.write(`tsc reported problems while building dist/ for the tests:\n${r.stdout}${r.stderr}`);
  if (!existsSync(join(root, 'dist/cli/main.js'))) throw new Error('building dist/ for the tests failed');
}
