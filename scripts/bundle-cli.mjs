// Bundles the compiled CLI (dist/cli/main.js, written by tsc) into dist/cli/keel.js, the `keel`
// binary, plus its on-demand chunks in dist/cli/chunks/. Why: Node 20 has no compile cache, and
// resolving, reading and compiling the ~50 ESM modules of a command's static graph cost more than
// a whole 200-row prediction spends in onnxruntime; one file per chunk is one resolve and one parse.
// Each command's registration stays a dynamic import(), so `keel predict` loads predict's chunks
// only (esbuild's code splitting). Our own code and commander are bundled; every other package
// (onnxruntime-node, onnx-proto, zod, csv-parse, ...) stays external and loads from node_modules
// when used. Run by `npm run build` after tsc (and by the test setup).
// Usage: node scripts/bundle-cli.mjs [distDir]   (default: dist beside this script's parent)
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = process.argv[2] ?? join(root, 'dist');
const cli = join(dist, 'cli');
if (!existsSync(join(cli, 'main.js'))) {
  process.stderr.write(`bundle-cli: ${relative(process.cwd(), join(cli, 'main.js'))} is missing; run tsc first (npm run build does both)\n`);
  process.exit(1);
}
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// Every dependency but commander stays a package import (native code, optional ones, large lazily-used ones).
const external = Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies }).filter((d) => d !== 'commander');

/**
 * commander requires node:child_process when it loads, only to run git-style executable
 * subcommands, which keel has none of; loading it costs ≈ 2 ms of every start. This hands
 * commander an object that loads it on first use instead.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (a) => (/[\\/]node_modules[\\/]commander[\\/]/.test(a.importer) ? { path: 'child_process', namespace: 'keel-lazy' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'keel-lazy' }, () => ({
      contents: "let m; module.exports = new Proxy({}, { get: (_, k) => (m ??= require('node:child_process'))[k] });",
      loader: 'js',
    }));
  },
};

const out = join(cli, `.bundle-${process.pid}`);
rmSync(out, { recursive: true, force: true });
const result = await build({
  entryPoints: [
    { in: join(cli, 'main.js'), out: 'keel' },
    // tune.ts starts workers from './tune-worker.js' beside its own module, which in the bundle is a chunk.
    { in: join(cli, 'commands', 'tune-worker.js'), out: 'chunks/tune-worker' },
  ],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: out,
  chunkNames: 'chunks/[name]-[hash]',
  external,
  plugins: [lazyChildProcess],
  // commander is CommonJS: its require() of Node built-ins needs a real require in an ES module.
  banner: { js: "import { createRequire as __keelCreateRequire } from 'node:module'; const require = __keelCreateRequire(import.meta.url);" },
  metafile: true,
  absWorkingDir: root,
  logLevel: 'warning',
});
// Which modules each output file holds (keys relative to dist/cli/): test/cli/command-loading.test.ts
// reads it to check what `keel predict` loads.
const modules = Object.fromEntries(Object.entries(result.metafile.outputs).map(([file, o]) => [relative(out, join(root, file)).split('\\').join('/'), Object.keys(o.inputs)]));
writeFileSync(join(out, 'chunks', 'modules.json'), `${JSON.stringify(modules, null, 1)}\n`);
// Swap the fresh bundle in (no stale chunks of an older build stay behind).
rmSync(join(cli, 'chunks'), { recursive: true, force: true });
renameSync(join(out, 'chunks'), join(cli, 'chunks'));
renameSync(join(out, 'keel.js'), join(cli, 'keel.js'));
rmSync(out, { recursive: true, force: true });
chmodSync(join(cli, 'keel.js'), 0o755);
// dist/cli/main.js (tsc's unbundled CLI, 0644 as tsc writes it) was the bin before the bundle. npx keeps
// the bin links it made for a project in its cache (~/.npm/_npx, keyed by the project's path) and does
// not remake them, so a checkout where `npx keel` ran before still links keel to main.js: keep it
// executable too, or such a machine fails with "keel: Permission denied" (the CI did, exit 127).
chmodSync(join(cli, 'main.js'), 0o755);
