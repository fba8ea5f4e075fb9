import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * CLI and multi-process tests run the compiled `dist/` and the bundled `keel` binary
 * (dist/cli/keel.js, what users run); build both once, fresh, before any test, as `npm run build`
 * does. Type errors are reported by `npm run typecheck` (its own CI step); tsc still emits JavaScript.
 */
export function setup(): void {
  const root = join(import.meta.dirname, '..');
  const r = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { encoding: 'utf8' });
  if (r.status !== 0) process.stderr.write(`tsc reported problems while building dist/ for the tests:\n${r.stdout}${r.stderr}`);
  if (!existsSync(join(root, 'dist/cli/main.js'))) throw new Error('building dist/ for the tests failed');
  const b = spawnSync(process.execPath, [join(root, 'scripts/bundle-cli.mjs')], { encoding: 'utf8' });
  if (b.status !== 0) throw new Error(`bundling the CLI (scripts/bundle-cli.mjs) for the tests failed:\n${b.stdout}${b.stderr}`);
}
